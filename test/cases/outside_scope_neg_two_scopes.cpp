// tape-op-outside-scope, negative: two scopes of the same tape, every
// operation recorded.
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
  {
    auto second = tape.record();
    z = y * y + 1.0;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
