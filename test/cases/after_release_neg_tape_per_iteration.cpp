// tape-use-after-release, negative: each iteration makes, uses and releases
// its own tape.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  int answered = 0;
  for (int step = 0; step < 3; ++step) {
    tape::GradientTape tape({.persistent = true});
    tape::Tensor y;
    {
      auto scope = tape.record();
      y = x * x;
    }
    answered += tape.gradient(y, x).has_value();
    tape.release();
  }
  return answered == 3 ? 0 : 1;
}
