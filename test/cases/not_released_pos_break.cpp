// tape-persistent-not-released, positive: the second iteration breaks out of
// the loop before its tape is released.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  int answered = 0;
  for (int step = 0; step < 3; ++step) {
    tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
    tape::Tensor y;
    {
      auto scope = tape.record();
      y = x * x;
    }
    answered += tape.gradient(y, x).has_value();
    if (step == 1) break;
    tape.release();
  }
  return answered == 2 ? 0 : 1;
}
