// tape-non-differentiable-path, negative: argmax computed for reporting, not
// part of the target.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({0.2, 0.9});
  Tensor z, best;
  {
    auto scope = tape.record();
    best = tape::argmax(x);
    z = tape::sum(x * x);
  }
  auto g = tape.gradient(z, x);
  return g.has_value() && best.defined() ? 0 : 1;
}
