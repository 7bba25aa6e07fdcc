// tape-gradient-in-scope, positive: the gradient() comes from a macro used
// inside the scope.
#include <tape/tape.hpp>

#define SLOPE(t, target, source) (t).gradient((target), (source))

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  bool ok = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    ok = SLOPE(tape, y, x).has_value();  // expect: tape-gradient-in-scope
  }
  tape.release();
  return ok ? 0 : 1;
}
