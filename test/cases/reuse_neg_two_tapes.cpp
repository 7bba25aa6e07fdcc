// tape-nonpersistent-reuse, negative: two non-persistent tapes, one
// gradient() each.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape first;
  tape::GradientTape second;
  tape::Tensor y;
  {
    auto a = first.record();
    auto b = second.record();
    y = x * x;
  }
  auto g1 = first.gradient(y, x);
  auto g2 = second.gradient(y, x);
  return g1 && g2 ? 0 : 1;
}
