// tape-raw-array-mixing, positive: value() coming back through
// operator*(Scalar, double): no Scalar is built
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
    Scalar h = tape::exp(x);
    double hv = h.value();
    z = x * hv;
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return 0;
}
