// tape-gradient-in-scope, negative: a pause (stop_recording()) of the same
// tape is alive at the gradient(), so the tape is not recording.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  bool ok = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    {
      auto pause = tape.stop_recording();
      ok = tape.gradient(y, x).has_value();
    }
  }
  tape.release();
  return ok ? 0 : 1;
}
