// tape-nonpersistent-reuse, negative: between the two gradient() calls the
// variable receives a new tape (move assignment), which records again.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  tape = tape::GradientTape();
  {
    auto scope = tape.record();
    y = x * x * x;
  }
  auto g2 = tape.gradient(y, x);
  return g1 && g2 ? 0 : 1;
}
