// tape-nonpersistent-reuse, positive: a gradient() in a branch (taken here:
// argc is at least 1) and another after the branches merge.
#include <optional>
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  std::optional<tape::Tensor> g;
  if (argc > 0) {
    g = tape.gradient(y, x);
  }
  try {
    auto g2 = tape.gradient(y, x);  // expect: tape-nonpersistent-reuse
  } catch (const tape::TapeReuseError&) {
  }
  return g ? 0 : 1;
}
