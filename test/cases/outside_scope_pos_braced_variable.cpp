// tape-op-outside-scope, positive: one variable passed in braces
// (`gradient(z, {x})`, the one-variable overload); x's only path ran outside
// the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor xx = x * x;
  Tensor z;
  {
    auto scope = tape.record();
    z = xx * 3.0;
  }
  auto g = tape.gradient(z, {x});  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
