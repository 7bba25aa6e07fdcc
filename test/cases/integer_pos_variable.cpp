// tape-integer-source, positive: Variable(2) instead of Variable(2.0).
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x;
  }
  auto g = tape.gradient(z, x);  // expect: tape-integer-source
  return g.has_value() ? 1 : 0;
}
