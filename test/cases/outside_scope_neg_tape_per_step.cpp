// tape-op-outside-scope, negative: a training loop with one tape per step,
// everything recorded.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  Variable w(0.5);
  auto loss_of = [&](const Tensor& in) { return tape::square(w * in - 1.0); };
  for (int step = 0; step < 3; ++step) {
    GradientTape tape;
    Tensor loss;
    {
      auto scope = tape.record();
      loss = loss_of(Tensor(2.0));
    }
    auto g = tape.gradient(loss, w);
    if (!g)
      return 1;
    w.assign_sub(*g * 0.1);
  }
  return 0;
}
