// tape-gradient-in-scope, positive: a function template records and asks for
// the gradient inside its scope; instantiated with a persistent tape.
#include <tape/tape.hpp>

template <class Tape>
bool record_and_differentiate(Tape& t, const tape::Variable& x) {
  auto scope = t.record();
  auto y = x * x * x;
  return t.gradient(y, x).has_value();  // expect: tape-gradient-in-scope
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  bool ok = record_and_differentiate(tape, x);
  tape.release();
  return ok ? 0 : 1;
}
