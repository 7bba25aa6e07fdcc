// tape-use-after-release, positive: released through a pointer, used
// through the variable itself.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::GradientTape* handle = &tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  handle->release();
  try {
    auto g2 = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
  }
  return g1 ? 0 : 1;
}
