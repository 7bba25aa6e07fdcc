// tape-integer-source, negative: a float Variable is f32, still
// differentiable.
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
    z = x * x;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
