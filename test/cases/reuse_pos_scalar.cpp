// tape-nonpersistent-reuse, positive: two Scalar gradients from one
// non-persistent tape.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  Scalar x = 2.0, w = 0.5;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    tape.watch(w);
    y = x * w;
  }
  auto gx = tape.gradient(y, x);
  try {
    auto gw = tape.gradient(y, w);  // expect: tape-nonpersistent-reuse
    return gw.has_value() ? 1 : 0;
  } catch (const tape::TapeReuseError&) {
    return gx.has_value() ? 0 : 1;
  }
}
