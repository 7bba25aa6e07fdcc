// tape-gradient-in-scope, positive: a pause of the tape is alive, but a new
// recording scope opened inside it is the innermost, so the tape records.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  bool ok = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    auto pause = tape.stop_recording();
    {
      auto again = tape.record();
      ok = tape.gradient(y, x).has_value();  // expect: tape-gradient-in-scope
    }
  }
  tape.release();
  return ok ? 0 : 1;
}
