// tape-gradient-in-scope, negative: the gradient() comes after the scope
// ended (the recommended shape).
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  tape.release();
  return g ? 0 : 1;
}
