// tape-non-differentiable-path, negative: a differentiable path remains
// beside round().
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(1.3);
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::round(x) + x * x;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
