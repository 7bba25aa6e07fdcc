// Self-test of run_reliability.py (not a reliability input): the marks are
// deliberately wrong, one missing and one extra, and the harness must say so.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(2.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);  // expect: tape-use-after-release
  try {
    auto g2 = tape.gradient(y, x);
  } catch (const tape::TapeReuseError&) {
  }
  return g1 ? 0 : 1;
}
