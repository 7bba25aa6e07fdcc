// tape-op-outside-scope, negative: a gradient taken on one tape is used as a
// plain constant (a step size) in the next tape's computation. No other tape
// knew its target when it was taken, so it is a constant to the next tape.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(2.0);
  tape::GradientTape first;
  tape::Tensor y;
  {
    auto scope = first.record();
    y = x * x;
  }
  const tape::Tensor step = first.gradient(y, x, tape::Unconnected::zero);
  tape::GradientTape second;
  tape::Tensor z;
  {
    auto scope = second.record();
    z = step * x;
  }
  auto g = second.gradient(z, x);
  return g && g->item() == 4.0 ? 0 : 1;
}
