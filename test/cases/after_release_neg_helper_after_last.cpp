// tape-use-after-release, negative: a helper releases the tape after the
// last gradient(); the helper itself takes none.
#include <tape/tape.hpp>

static void finish(tape::GradientTape& t) {
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
  auto g = tape.gradient(y, x);
  finish(tape);
  return g ? 0 : 1;
}
