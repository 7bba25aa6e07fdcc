// tape-gradient-in-scope, negative: a lambda called inside the persistent
// tape's recording scope pauses the tape before its gradient().
#include <tape/tape.hpp>

int main() {
  tape::Variable x(2.0);
  tape::GradientTape t({.persistent = true});
  bool ok;
  {
    auto scope = t.record();
    tape::Tensor y = x * x;
    auto slope = [&] {
      auto pause = t.stop_recording();
      return t.gradient(y, x).has_value();
    };
    ok = slope();
  }
  t.release();
  return ok ? 0 : 1;
}
