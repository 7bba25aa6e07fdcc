// tape-use-after-release, positive: a Scalar gradient after release().
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape({.persistent = true});
  Scalar x = 2.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  tape.release();
  try {
    auto g2 = tape.gradient(y, x);  // expect: tape-use-after-release
    return g2.has_value() ? 1 : 0;
  } catch (const tape::TapeReleasedError&) {
    return g1.has_value() ? 0 : 1;
  }
}
