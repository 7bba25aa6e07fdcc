// Harness self-test (not a corpus case): the marks below are deliberately
// wrong. Line 18 really is a second gradient() on a non-persistent tape, and
// line 17 is fine, so both halves must report line 17 as expected-but-missing
// and line 18 as unexpected. test/corpus/CMakeLists.txt checks the output.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(2.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  try {
    // The next two lines are the subject of the test.
    auto first = tape.gradient(y, x);  // expect: tape-use-after-release
    auto second = tape.gradient(y, x);
  } catch (const tape::TapeReuseError&) {
  }
  return 0;
}
