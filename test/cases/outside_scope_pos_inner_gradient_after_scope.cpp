// tape-op-outside-scope, positive: a second derivative whose inner gradient
// is taken after the outer tape's scope closed: the outer tape never sees it.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(2.0);
  tape::GradientTape outer;
  tape::GradientTape inner;
  tape::Tensor y;
  {
    auto so = outer.record();
    auto si = inner.record();
    y = x * x * x;
  }
  tape::Tensor dy = inner.gradient(y, x, tape::Unconnected::zero);
  auto d2 = outer.gradient(dy, x);  // expect: tape-op-outside-scope
  return d2 ? 1 : 0;
}
