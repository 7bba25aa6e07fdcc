// tape-op-outside-scope, positive: an operation between two recording scopes
// of the same tape.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(1.5);
  Tensor y, z;
  {
    auto first = tape.record();
    y = x * x;
  }
  y = y + 1.0;  // not recorded: the tape is between its scopes
  {
    auto second = tape.record();
    z = y * y;
  }
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
