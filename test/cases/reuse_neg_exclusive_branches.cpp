// tape-nonpersistent-reuse, negative: one gradient() in each branch of an
// if/else; no path runs both.
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
  if (argc > 1) {
    g = tape.gradient(y, x);
  } else {
    g = tape.gradient(y, x);
  }
  return g ? 0 : 1;
}
