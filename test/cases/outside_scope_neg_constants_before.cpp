// tape-op-outside-scope, negative: constants prepared before the scope do
// not depend on the source.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor scale = Tensor(2.0) * 3.0;
  Tensor z;
  {
    auto scope = tape.record();
    z = x * scale;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
