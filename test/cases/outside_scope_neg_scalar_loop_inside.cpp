// tape-op-outside-scope, negative: an element-wise loop of Scalar operations,
// all inside the scope, reduced with +=.
#include <tape/tape.hpp>

#include <vector>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  std::vector<Scalar> x = {0.25, 0.5, 0.75, 1.0};
  Scalar sum = 0.0;
  {
    auto scope = tape.record();
    for (Scalar& xi : x) tape.watch(xi);
    for (const Scalar& xi : x) sum += tape::tanh(xi) / 2.0;
  }
  auto g = tape.gradient(sum, x);
  return g[3].has_value() ? 0 : 1;
}
