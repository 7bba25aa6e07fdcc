// tape-non-differentiable-path, negative: cast to f64 is differentiable.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0f);
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::cast(x, tape::DType::f64) * 3.0;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
