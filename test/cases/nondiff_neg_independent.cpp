// tape-non-differentiable-path, negative: round() of a tensor that does not
// depend on x.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(1.3);
  Tensor c(2.6);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * tape::round(c);
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
