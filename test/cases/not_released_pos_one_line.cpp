// Two checks on one line (see README: several marks on a line): the
// persistent tape made on this line is never released, and its gradient() on
// the same line runs inside its own recording scope.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  { tape::GradientTape t({.persistent = true}); auto s = t.record(); auto y = x * x; auto g = t.gradient(y, x); }  // expect: tape-persistent-not-released, tape-gradient-in-scope
  return 0;
}
