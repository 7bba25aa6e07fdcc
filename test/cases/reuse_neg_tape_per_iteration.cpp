// tape-nonpersistent-reuse, negative: the tape is made inside the loop, so
// every iteration asks a fresh tape for its one gradient.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  int answered = 0;
  for (int step = 0; step < 3; ++step) {
    tape::GradientTape tape;
    tape::Tensor y;
    {
      auto scope = tape.record();
      y = x * x;
    }
    auto g = tape.gradient(y, x);
    answered += g.has_value();
  }
  return answered == 3 ? 0 : 1;
}
