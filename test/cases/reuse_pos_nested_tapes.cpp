// tape-nonpersistent-reuse, positive: two tapes record the same operations;
// the persistent one may answer twice (and is released), the non-persistent
// one may not.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape outer({.persistent = true});
  tape::GradientTape inner;
  tape::Tensor y;
  {
    auto outer_scope = outer.record();
    auto inner_scope = inner.record();
    y = x * x * x;
  }
  auto a = outer.gradient(y, x);
  auto b = outer.gradient(y, x);
  auto c = inner.gradient(y, x);
  try {
    auto d = inner.gradient(y, x);  // expect: tape-nonpersistent-reuse
  } catch (const tape::TapeReuseError&) {
  }
  outer.release();
  return a && b && c ? 0 : 1;
}
