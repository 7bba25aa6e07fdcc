// tape-persistent-not-released, negative: a factory returns the persistent
// tape (it escapes there) and the caller releases it.
#include <tape/tape.hpp>

static tape::GradientTape make_tape() {
  tape::GradientTape t({.persistent = true});
  return t;
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape = make_tape();
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  tape.release();
  return g ? 0 : 1;
}
