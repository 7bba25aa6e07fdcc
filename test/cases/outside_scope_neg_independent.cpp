// tape-op-outside-scope, negative: the target does not depend on the source
// at all.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(3.0);
  Variable w(2.0);
  Tensor unused = x * x;
  Tensor z;
  {
    auto scope = tape.record();
    z = w * w;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 1 : 0;
}
