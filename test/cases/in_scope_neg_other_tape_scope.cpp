// tape-gradient-in-scope, negative: the gradient() is asked of one tape
// while only another tape's scope is alive.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape first({.persistent = true});
  tape::GradientTape second({.persistent = true});
  tape::Tensor y;
  {
    auto scope = first.record();
    y = x * x;
  }
  bool ok = false;
  {
    auto other = second.record();
    ok = first.gradient(y, x).has_value();
  }
  first.release();
  second.release();
  return ok ? 0 : 1;
}
