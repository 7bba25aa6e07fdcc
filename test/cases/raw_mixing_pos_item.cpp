// tape-raw-array-mixing, positive: item() exports a value that depends on x;
// it comes back as a constant.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor z;
  {
    auto scope = tape.record();
    Tensor y = x * x;
    double v = y.item();
    z = Tensor(v) * 2.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 1 : 0;
}
