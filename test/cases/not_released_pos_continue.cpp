// tape-persistent-not-released, positive: odd iterations continue before
// their tape is released.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  int answered = 0;
  for (int step = 0; step < 4; ++step) {
    tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
    tape::Tensor y;
    {
      auto scope = tape.record();
      y = x * x;
    }
    answered += tape.gradient(y, x).has_value();
    if (step % 2 == 1) continue;
    tape.release();
  }
  return answered == 4 ? 0 : 1;
}
