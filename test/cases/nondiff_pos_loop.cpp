// tape-non-differentiable-path, positive: every use of x in the loop is
// inside round().
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(1.25);
  Tensor z(1.0);
  {
    auto scope = tape.record();
    for (int i = 0; i < 3; ++i)
      z = z + tape::round(x * 4.0);
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
