// tape-raw-array-mixing, negative: value() is only printed; the computation
// stays in Scalar operations.
#include <tape/tape.hpp>

#include <cstdio>

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
    std::printf("h = %g\n", h.value());
    z = h * 2.0;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
