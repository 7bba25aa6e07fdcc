// tape-integer-source, positive: the source is a copy of an integer Variable,
// another handle of the same variable.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape({.persistent = true});
  Variable x(1.5);
  Variable steps(3);
  Variable count = steps;
  Tensor z;
  {
    auto scope = tape.record();
    z = x * tape::cast(steps, tape::DType::f64);
  }
  auto g = tape.gradient(z, count);  // expect: tape-integer-source
  tape.release();
  return g ? 1 : 0;
}
