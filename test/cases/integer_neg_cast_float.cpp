// tape-integer-source, negative: a cast to a floating dtype is
// differentiable.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.5);
  Tensor z;
  Tensor f;
  {
    auto scope = tape.record();
    f = tape::cast(x, tape::DType::f32);
    z = f * f;
  }
  auto g = tape.gradient(z, f);
  return g.has_value() ? 0 : 1;
}
