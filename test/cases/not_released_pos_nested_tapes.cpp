// tape-persistent-not-released, positive: of two persistent tapes recording
// together, the inner one is released and the outer one is not.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape outer({.persistent = true});  // expect: tape-persistent-not-released
  tape::Tensor y;
  {
    auto outer_scope = outer.record();
    tape::GradientTape inner({.persistent = true});
    {
      auto inner_scope = inner.record();
      y = x * x;
    }
    auto gi = inner.gradient(y, x);
    inner.release();
  }
  auto go = outer.gradient(y, x);
  return go ? 0 : 1;
}
