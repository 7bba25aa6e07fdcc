// tape-non-differentiable-path, negative: floor() in a helper whose result
// is unused.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static Tensor bucket(const Tensor& t) { return tape::floor(t * 10.0); }

int main() {
  GradientTape tape;
  Variable x(0.37);
  Tensor z;
  {
    auto scope = tape.record();
    Tensor b = bucket(x);
    z = tape::exp(x);
    (void)b;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
