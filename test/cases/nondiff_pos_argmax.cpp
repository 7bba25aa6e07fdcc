// tape-non-differentiable-path, positive: argmax, then a cast back to f64.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({0.1, 0.7, 0.2});
  Tensor z;
  {
    auto scope = tape.record();
    Tensor idx = tape::argmax(x);
    z = tape::cast(idx, tape::DType::f64) * 3.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
