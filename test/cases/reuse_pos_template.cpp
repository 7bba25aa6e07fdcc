// tape-nonpersistent-reuse, positive: a function template asks the tape it
// is given for two gradients; instantiated with a non-persistent tape.
#include <tape/tape.hpp>

template <class Tape, class Target, class Source>
bool two_gradients(Tape& t, const Target& y, const Source& x) {
  auto first = t.gradient(y, x);
  try {
    auto second = t.gradient(y, x);  // expect: tape-nonpersistent-reuse
    return false;
  } catch (const tape::TapeReuseError&) {
    return first.has_value();
  }
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  return two_gradients(tape, y, x) ? 0 : 1;
}
