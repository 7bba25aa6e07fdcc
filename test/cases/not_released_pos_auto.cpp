// tape-persistent-not-released, positive: the tape is declared with auto and
// a functional-cast initialiser, through a type alias.
#include <tape/tape.hpp>

using Tape = tape::GradientTape;

int main() {
  tape::Variable x(3.0);
  auto recorder = Tape({.persistent = true});  // expect: tape-persistent-not-released
  tape::Tensor y;
  {
    auto scope = recorder.record();
    y = x * x;
  }
  auto g = recorder.gradient(y, x);
  return g ? 0 : 1;
}
