// tape-gradient-in-scope, negative (as in-scope): the gradient() inside the
// scope is on a released tape; it throws before recording anything, so the
// one finding is use-after-release.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  bool thrown = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    tape.release();
    try {
      auto g = tape.gradient(y, x);  // expect: tape-use-after-release
    } catch (const tape::TapeReleasedError&) {
      thrown = true;
    }
  }
  return thrown ? 0 : 1;
}
