// tape-integer-source, positive: an integer Variable among several sources.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(1.5);
  Variable steps(3);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * tape::cast(steps, tape::DType::f64);
  }
  auto gs = tape.gradient(z, {x, steps});  // expect: tape-integer-source
  return gs.size() == 2 ? 0 : 1;
}
