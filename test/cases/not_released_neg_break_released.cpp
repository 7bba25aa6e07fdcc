// tape-persistent-not-released, negative: the loop's break and continue
// both come after the release().
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  int answered = 0;
  for (int step = 0; step < 5; ++step) {
    tape::GradientTape tape({.persistent = true});
    tape::Tensor y;
    {
      auto scope = tape.record();
      y = x * x;
    }
    answered += tape.gradient(y, x).has_value();
    tape.release();
    if (step == 1) continue;
    if (step == 3) break;
  }
  return answered == 4 ? 0 : 1;
}
