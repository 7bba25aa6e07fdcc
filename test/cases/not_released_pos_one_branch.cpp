// tape-persistent-not-released, positive: only the else branch releases; the
// then branch (taken here) does not.
#include <optional>
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  std::optional<tape::Tensor> g;
  if (argc > 0) {
    g = tape.gradient(y, x);
  } else {
    tape.release();
  }
  return g ? 0 : 1;
}
