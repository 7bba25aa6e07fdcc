// tape-integer-source, negative: Tensor{2} is a 1-D f64 tensor, not an
// integer.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Tensor c{2};
  Tensor z;
  {
    auto scope = tape.record();
    tape.watch(c);
    z = tape::sum(c * c);
  }
  auto g = tape.gradient(z, c);
  return g.has_value() ? 0 : 1;
}
