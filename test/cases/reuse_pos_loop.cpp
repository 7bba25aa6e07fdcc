// tape-nonpersistent-reuse, positive: a tape made outside a loop answers
// gradient() in every iteration; from the second iteration on it throws.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;  // made once, outside the loop
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  int answered = 0;
  for (int step = 0; step < 3; ++step) {
    try {
      auto g = tape.gradient(y, x);  // expect: tape-nonpersistent-reuse
      ++answered;
    } catch (const tape::TapeReuseError&) {
    }
  }
  return answered == 1 ? 0 : 1;
}
