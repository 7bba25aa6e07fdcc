// tape-integer-source, positive: an integer variable passed in braces
// (`gradient(y, {steps})`, the one-variable overload).
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable steps(3);
  Variable x(2.0);
  Tensor y;
  {
    auto scope = tape.record();
    y = x * tape::cast(steps, tape::DType::f64);
  }
  auto g = tape.gradient(y, {steps});  // expect: tape-integer-source
  return g.has_value() ? 1 : 0;
}
