// tape-op-outside-scope, positive: partial damage: one path is recorded, the
// other ran before the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor early = x * 5.0;
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x + early;
  }
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 0 : 1;  // the gradient exists but misses d(early)/dx
}
