// tape-raw-array-mixing, negative: an exported value only steers control
// flow.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    Tensor y = x * x;
    if (y.item() > 1.0)
      z = y * 2.0;
    else
      z = y;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
