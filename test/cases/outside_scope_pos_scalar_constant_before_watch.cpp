// tape-op-outside-scope, positive: constant used before the scope, watched
// inside it (doc: op-outside-scope for tensors)
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape;
  Scalar c = 1.5;
  Scalar y0 = c * c;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(c);
    y = y0 * 2.0 + c;
  }
  auto g = tape.gradient(y, c);  // expect: tape-op-outside-scope
  return 0;
}
