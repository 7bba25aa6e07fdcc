// tape-non-differentiable-path, positive: sign() of the source.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(-2.0);
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sign(x) * 5.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
