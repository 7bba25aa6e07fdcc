// tape-op-outside-scope, negative: a second derivative with the inner
// gradient taken inside the outer tape's scope (the outer tape records it).
#include <tape/tape.hpp>

int main() {
  tape::Variable x(2.0);
  tape::GradientTape outer;
  tape::Tensor dy;
  {
    auto so = outer.record();
    tape::GradientTape inner;
    tape::Tensor y;
    {
      auto si = inner.record();
      y = x * x * x;
    }
    dy = inner.gradient(y, x, tape::Unconnected::zero);
  }
  auto d2 = outer.gradient(dy, x);
  return d2 && d2->item() == 12.0 ? 0 : 1;
}
