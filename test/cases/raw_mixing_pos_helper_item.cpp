// tape-raw-array-mixing, positive: the export happens in a helper function.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static double peek(const Tensor& t) { return t.item(); }

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    Tensor y = tape::sin(x);
    z = Tensor(peek(y)) + 1.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 1 : 0;
}
