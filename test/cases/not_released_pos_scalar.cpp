// tape-persistent-not-released, positive: a persistent tape of Scalar
// gradients is never released.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
  Scalar x = 2.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x * x;
  }
  auto g1 = tape.gradient(y, x);
  auto g2 = tape.gradient(y, x);
  return g1.has_value() && g2.has_value() ? 0 : 1;
}
