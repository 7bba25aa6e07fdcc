// tape-use-after-release, positive: release() in a branch that runs (argc is
// at least 1), gradient() after the branches merge. The final release()
// covers the other path.
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  if (argc > 0) {
    tape.release();
  }
  bool thrown = false;
  try {
    auto g = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
    thrown = true;
  }
  tape.release();
  return thrown ? 0 : 1;
}
