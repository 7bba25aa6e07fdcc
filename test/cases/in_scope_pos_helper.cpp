// tape-gradient-in-scope, positive: a helper that takes the gradient is
// called while the caller's recording scope is alive; the finding is at the
// gradient() in the helper.
#include <tape/tape.hpp>

static bool connected(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {
  return t.gradient(y, x).has_value();  // expect: tape-gradient-in-scope
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  bool ok = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    ok = connected(tape, y, x);
  }
  tape.release();
  return ok ? 0 : 1;
}
