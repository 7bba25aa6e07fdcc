// tape-use-after-release, positive: a non-persistent tape released before
// its gradient() reports use-after-release (not reuse): the runtime checks
// release first, and one gradient() gets one finding.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  tape.release();
  try {
    auto g = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
    return 0;
  }
  return 1;
}
