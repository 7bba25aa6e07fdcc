// tape-gradient-in-scope, positive: a helper called inside the persistent
// tape's recording scope pauses the tape, but the pause ends before its
// gradient(): the caller's scope records the backward pass.
#include <tape/tape.hpp>

static bool slope_after_pause(tape::GradientTape& t, const tape::Tensor& y,
                              const tape::Variable& x) {
  {
    auto pause = t.stop_recording();
  }
  return t.gradient(y, x).has_value();  // expect: tape-gradient-in-scope
}

int main() {
  tape::Variable x(2.0);
  tape::GradientTape t({.persistent = true});
  bool ok;
  {
    auto scope = t.record();
    tape::Tensor y = x * x;
    ok = slope_after_pause(t, y, x);
  }
  t.release();
  return ok ? 0 : 1;
}
