// tape-gradient-in-scope, positive: a persistent tape asked for a Scalar
// gradient inside its own recording scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape({.persistent = true});
  Scalar x = 2.0;
  bool ok;
  {
    auto scope = tape.record();
    tape.watch(x);
    Scalar y = x * x;
    ok = tape.gradient(y, x).has_value();  // expect: tape-gradient-in-scope
  }
  tape.release();
  return ok ? 0 : 1;
}
