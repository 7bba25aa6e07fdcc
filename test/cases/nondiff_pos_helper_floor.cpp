// tape-non-differentiable-path, positive: floor() in a helper.
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
    z = bucket(x) + 1.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
