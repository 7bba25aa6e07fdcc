// tape-integer-source, negative: an int scalar next to an f64 tensor adapts
// to f64.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(1.5);
  int factor = 3;
  Tensor z;
  {
    auto scope = tape.record();
    z = x * factor + 2;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
