// tape-non-differentiable-path, positive: a comparison (greater) used as a
// mask.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, -1.0});
  Tensor threshold({0.0, 0.0});
  Tensor z;
  {
    auto scope = tape.record();
    Tensor mask = tape::greater(x, threshold);
    z = tape::sum(mask * threshold + 1.0);
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
