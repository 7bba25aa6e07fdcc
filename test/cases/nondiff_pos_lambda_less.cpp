// tape-non-differentiable-path, positive: less() inside a lambda.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({0.5, 3.0});
  Tensor limit({1.0, 1.0});
  auto below = [&](const Tensor& t) { return tape::less(t, limit); };
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(below(x) + 0.5);
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
