// tape-nonpersistent-reuse, positive: both gradient() calls come from a
// macro; the finding is at the line where the macro is used.
#include <tape/tape.hpp>

#define GRADIENT_OF(t, target, source) (t).gradient((target), (source))

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = GRADIENT_OF(tape, y, x);
  try {
    auto g2 = GRADIENT_OF(tape, y, x);  // expect: tape-nonpersistent-reuse
  } catch (const tape::TapeReuseError&) {
  }
  return g1 ? 0 : 1;
}
