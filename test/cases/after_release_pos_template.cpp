// tape-use-after-release, positive: a function template releases whatever
// tape it is given; the gradient() after the call is on a released tape.
#include <tape/tape.hpp>

template <class Tape>
void finish(Tape& t) {
  t.release();
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  finish(tape);
  try {
    auto g = tape.gradient(y, x);  // expect: tape-use-after-release
  } catch (const tape::TapeReleasedError&) {
    return 0;
  }
  return 1;
}
