// tape-integer-source, negative: an integer tensor nearby, but the source is
// floating.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Variable n(3);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * tape::cast(n, tape::DType::f64);
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
