// tape-raw-array-mixing, positive: an item() inside a loop feeds the
// accumulator.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(0.5);
  Tensor acc(0.0);
  {
    auto scope = tape.record();
    for (int i = 0; i < 3; ++i) {
      Tensor step = x * x;
      acc = acc + Tensor(step.item());
    }
  }
  auto g = tape.gradient(acc, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 1 : 0;
}
