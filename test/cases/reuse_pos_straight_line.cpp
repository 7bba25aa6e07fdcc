// tape-nonpersistent-reuse, positive: two gradient() calls in a row on a
// non-persistent tape; the second throws tape::TapeReuseError.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto dy_dx = tape.gradient(y, x);
  try {
    auto again = tape.gradient(y, x);  // expect: tape-nonpersistent-reuse
  } catch (const tape::TapeReuseError&) {
  }
  return dy_dx ? 0 : 1;
}
