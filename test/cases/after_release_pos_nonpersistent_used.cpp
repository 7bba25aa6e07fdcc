// tape-use-after-release, positive: gradient(), release(), gradient() on a
// non-persistent tape: the last call is both a reuse and a use after
// release; use-after-release comes first, so it is the one finding.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  tape.release();
  try {
    auto g2 = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
  }
  return g1 ? 0 : 1;
}
