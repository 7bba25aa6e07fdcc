// tape-op-outside-scope, positive: the last operation on the way to the
// target runs after the scope closed.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor y;
  {
    auto scope = tape.record();
    y = tape::sin(x) * x;
  }
  Tensor loss = y * 3.0;
  auto g = tape.gradient(loss, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
