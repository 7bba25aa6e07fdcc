// tape-op-outside-scope, positive: the last Scalar operation on the way to
// the target runs after the scope closed.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  Scalar x = 2.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = tape::sin(x) * x;
  }
  Scalar loss = y * 3.0;
  auto g = tape.gradient(loss, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
