// tape-raw-array-mixing, positive: value() round trip inside a helper
// returning double
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
static double raw(const Scalar& s) { return s.value(); }
int main() {
  GradientTape tape;
  Scalar x = 1.25;
  Scalar z;
  {
    auto scope = tape.record();
    tape.watch(x);
    Scalar h = tape::exp(x);
    z = x * raw(h);
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return 0;
}
