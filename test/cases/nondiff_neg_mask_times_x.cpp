// tape-non-differentiable-path, negative: a mask from greater() multiplies x
// itself.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, -1.0});
  Tensor zero({0.0, 0.0});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(tape::greater(x, zero) * x);
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
