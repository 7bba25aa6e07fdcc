// tape-persistent-not-released, positive: a helper releases only when asked
// to (not here), so the path through it without release() reaches the end of
// the tape's life.
#include <tape/tape.hpp>

static void maybe_release(tape::GradientTape& t, bool yes) {
  if (yes) t.release();
}

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  maybe_release(tape, argc < 0);
  return g ? 0 : 1;
}
