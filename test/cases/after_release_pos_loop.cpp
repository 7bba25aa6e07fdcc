// tape-use-after-release, positive: release() at the end of the loop body,
// gradient() at its start: the second iteration uses a released tape. (The
// release() after the loop covers the path that skips the loop: the analysis
// does not know that the loop runs at least once.)
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  int answered = 0;
  for (int step = 0; step < 2; ++step) {
    try {
      auto g = tape.gradient(y, x);  // expect: tape-use-after-release
      answered += g.has_value();
    } catch (const tape::TapeReleasedError&) {
    }
    tape.release();
  }
  tape.release();
  return answered == 1 ? 0 : 1;
}
