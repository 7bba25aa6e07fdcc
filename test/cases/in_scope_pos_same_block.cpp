// tape-gradient-in-scope, positive: gradient() on a persistent tape while
// its own recording scope is alive, in the same block.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  bool ok = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    ok = tape.gradient(y, x).has_value();  // expect: tape-gradient-in-scope
  }
  tape.release();
  return ok ? 0 : 1;
}
