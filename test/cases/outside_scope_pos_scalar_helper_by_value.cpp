// tape-op-outside-scope, positive: helper taking/returning Scalar by value,
// called after the scope
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
static Scalar poly(Scalar a, const Scalar& b) { return a * a + 3.0 * b; }
int main() {
  GradientTape tape;
  Scalar x = 1.5, y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = tape::sin(x);
  }
  Scalar z = poly(y, x);
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return 0;
}
