// tape-nonpersistent-reuse, negative: the gradient() in the loop is followed
// by break, so the loop never comes back to it.
#include <optional>
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  std::optional<tape::Tensor> g;
  for (int step = 0; step < 3; ++step) {
    g = tape.gradient(y, x);
    break;
  }
  return g ? 0 : 1;
}
