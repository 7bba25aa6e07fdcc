// tape-gradient-in-scope, negative: inside its scope, but the tape is not
// persistent (the check is about persistent tapes only).
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  bool ok = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    ok = tape.gradient(y, x).has_value();
  }
  return ok ? 0 : 1;
}
