// tape-use-after-release, negative: one tape is released, the gradient() is
// asked of the other.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape first({.persistent = true});
  tape::GradientTape second({.persistent = true});
  tape::Tensor y;
  {
    auto a = first.record();
    auto b = second.record();
    y = x * x;
  }
  auto g1 = first.gradient(y, x);
  first.release();
  auto g2 = second.gradient(y, x);
  second.release();
  return g1 && g2 ? 0 : 1;
}
