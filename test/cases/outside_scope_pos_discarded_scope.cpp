// tape-op-outside-scope, positive: the scope that record() returns is
// discarded, so it ends at the semicolon; the operation on the next line runs
// while the tape is not recording.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  (void)tape.record();
  y = x * x;
  auto g = tape.gradient(y, x);  // expect: tape-op-outside-scope
  return g ? 1 : 0;
}
