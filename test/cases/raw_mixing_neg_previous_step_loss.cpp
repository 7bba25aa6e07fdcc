// tape-raw-array-mixing, negative (runtime view): the previous step's loss,
// exported with item() from the previous step's tape, scales this step's loss
// on a fresh tape. To this step's tape it is a constant from an earlier
// recording (runtime.md: "a tensor of an earlier one is a constant"), and w
// has changed since (assign_sub), so no gradient path of this step is lost.
#include <tape/tape.hpp>

int main() {
  tape::Variable w(0.5);
  double prev = 2.5;
  for (int step = 0; step < 3; ++step) {
    tape::GradientTape t;
    tape::Tensor loss;
    {
      auto s = t.record();
      loss = tape::square(w * 1.3 - 0.7) * prev;
    }
    auto g = t.gradient(loss, w);
    if (!g) return 1;
    w.assign_sub(*g * 0.01);
    prev = loss.item();
  }
  return 0;
}
