// tape-integer-source, negative: Variable(2.0) is floating.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
