// tape-op-outside-scope, positive: a helper function called before the scope
// does the operation.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static Tensor square_of(const Tensor& t) { return t * t; }

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor y = square_of(x);
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::exp(y);
  }
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
