// tape-op-outside-scope, negative: a value computed early, but a Variable
// read inside the scope is the only path.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor copy = x;  // stands for the Variable: no operation yet
  Tensor z;
  {
    auto scope = tape.record();
    z = copy * copy;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
