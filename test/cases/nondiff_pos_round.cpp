// tape-non-differentiable-path, positive: round() is the only way from x to
// the target.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.2, 2.7});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(tape::round(x) * 2.0);
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
