// tape-op-outside-scope, positive: watched before the scope; first operation
// before the scope
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape;
  Scalar x = 1.5;
  tape.watch(x);
  Scalar h = x * x;
  Scalar y;
  {
    auto scope = tape.record();
    y = h * x;
  }
  auto g = tape.gradient(y, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 0 : 1;
}
