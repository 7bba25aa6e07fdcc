// tape-op-outside-scope, positive: the seed example, y = x * x computed
// before the recording scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor y = x * x;
  Tensor z;
  {
    auto scope = tape.record();
    z = y * y;
  }
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
