// tape-op-outside-scope, negative: the helper is called inside the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static Tensor square_of(const Tensor& t) { return t * t; }

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::exp(square_of(x) * 0.1);
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
