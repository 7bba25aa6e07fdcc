// tape-raw-array-mixing, negative: the exported value is used by a separate
// computation only.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Variable w(3.0);
  Tensor z;
  double seen = 0.0;
  {
    auto scope = tape.record();
    seen = (x * x).item();
    z = w * w;
  }
  auto g = tape.gradient(z, w);
  return g.has_value() && seen > 0.0 ? 0 : 1;
}
