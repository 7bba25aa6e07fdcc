// tape-op-outside-scope, positive: a loop before the scope builds the value
// the target uses.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(1.1);
  Tensor acc = x;
  for (int i = 0; i < 3; ++i)
    acc = acc * x;
  Tensor z;
  {
    auto scope = tape.record();
    z = acc * 2.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
