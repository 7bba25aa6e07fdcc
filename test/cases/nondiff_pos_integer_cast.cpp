// tape-non-differentiable-path, positive: a round trip through an integer
// dtype.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(3.7);
  Tensor z;
  {
    auto scope = tape.record();
    Tensor n = tape::cast(x, tape::DType::i64);
    z = tape::cast(n, tape::DType::f64) * x.value();
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
