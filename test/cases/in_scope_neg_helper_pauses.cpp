// tape-gradient-in-scope, negative: a helper called inside the persistent
// tape's recording scope pauses the tape itself before its gradient(); the
// innermost scope at the call is a pause, so nothing is recorded.
#include <tape/tape.hpp>

static bool paused_slope(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {
  auto pause = t.stop_recording();
  return t.gradient(y, x).has_value();
}

int main() {
  tape::Variable x(2.0);
  tape::GradientTape t({.persistent = true});
  bool ok;
  {
    auto scope = t.record();
    tape::Tensor y = x * x;
    ok = paused_slope(t, y, x);
  }
  t.release();
  return ok ? 0 : 1;
}
