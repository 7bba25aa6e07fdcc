// tape-op-outside-scope, negative: every operation runs inside the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor z;
  {
    auto scope = tape.record();
    Tensor y = x * x;
    z = y * y;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
