// tape-nonpersistent-reuse, positive: the first gradient() happens inside a
// helper (function summary), the second directly in the caller.
#include <tape/tape.hpp>

static bool connected(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {
  return t.gradient(y, x).has_value();
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  bool ok = connected(tape, y, x);
  try {
    auto again = tape.gradient(y, x);  // expect: tape-nonpersistent-reuse
  } catch (const tape::TapeReuseError&) {
  }
  return ok ? 0 : 1;
}
