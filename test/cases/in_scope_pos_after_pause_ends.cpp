// tape-gradient-in-scope, positive: the pause ended, the scope is alive
// again at the gradient().
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
      auto z = y * 2.0;
    }
    ok = tape.gradient(y, x).has_value();  // expect: tape-gradient-in-scope
  }
  tape.release();
  return ok ? 0 : 1;
}
