// tape-gradient-in-scope, negative: a lambda records in its own scope; the
// gradient() is asked after it returned.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  auto forward = [&] {
    auto scope = tape.record();
    return tape::Tensor(x * x);
  };
  tape::Tensor y = forward();
  auto g = tape.gradient(y, x);
  tape.release();
  return g ? 0 : 1;
}
