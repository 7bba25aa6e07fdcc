// tape-raw-array-mixing, positive: value() exports a Scalar that depends on
// x; it comes back as a constant Scalar.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  Scalar x = 1.25;
  Scalar z;
  {
    auto scope = tape.record();
    tape.watch(x);
    Scalar h = x * x;
    double raw = h.value();
    z = Scalar(raw) * 2.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 1 : 0;
}
