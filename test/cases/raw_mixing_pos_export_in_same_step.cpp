// tape-raw-array-mixing, positive: a tape per step, and within each step a
// value of this step's recording leaves through item() and comes back as a
// constant in the same step's loss.
#include <tape/tape.hpp>

int main() {
  tape::Variable w(0.5);
  for (int step = 0; step < 3; ++step) {
    tape::GradientTape t;
    tape::Tensor loss;
    {
      auto s = t.record();
      tape::Tensor y = w * w;
      const double scale = y.item();
      loss = tape::Tensor(scale) * w + y;
    }
    auto g = t.gradient(loss, w);  // expect: tape-raw-array-mixing
    if (!g) return 1;
    w.assign_sub(*g * 0.01);
  }
  return 0;
}
