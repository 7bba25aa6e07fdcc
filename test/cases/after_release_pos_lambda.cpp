// tape-use-after-release, positive: a lambda capturing the tape by reference
// releases it; the gradient() after the call is on a released tape.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto done = [&tape] { tape.release(); };
  auto g1 = tape.gradient(y, x);
  done();
  try {
    auto g2 = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
  }
  return g1 ? 0 : 1;
}
