// tape-use-after-release, positive: every gradient() after the release()
// throws, so both are findings.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  tape.release();
  int thrown = 0;
  try {
    auto g1 = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
    ++thrown;
  }
  try {
    auto g2 = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
    ++thrown;
  }
  return thrown == 2 ? 0 : 1;
}
