// tape-use-after-release, positive: a helper releases the tape passed by
// reference; the caller asks for a gradient afterwards.
#include <tape/tape.hpp>

static void finish(tape::GradientTape& t) { t.release(); }

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  finish(tape);
  try {
    auto g2 = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
  }
  return g1 ? 0 : 1;
}
