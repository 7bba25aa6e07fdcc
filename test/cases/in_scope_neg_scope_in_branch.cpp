// tape-gradient-in-scope, negative: the scope lives in a branch that ends
// before the gradient().
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y = x;
  if (argc > 0) {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  tape.release();
  return g ? 0 : 1;
}
