// tape-use-after-release, positive: the caller releases, then a helper asks
// the released tape for a gradient; the finding is in the helper.
#include <tape/tape.hpp>

static bool connected(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {
  try {
    return t.gradient(y, x).has_value();  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
    return false;
  }
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  tape.release();
  bool late = connected(tape, y, x);
  return g1 && !late ? 0 : 1;
}
