// tape-persistent-not-released, negative: an early exit jumps (goto) to a
// cleanup label that releases the tape.
#include <tape/tape.hpp>

static bool slope(bool early) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  bool ok = false;
  {
    auto scope = tape.record();
    y = x * x;
  }
  if (early) goto done;
  ok = tape.gradient(y, x).has_value();
done:
  tape.release();
  return ok || early;
}

int main(int argc, char**) {
  return slope(argc > 0) && slope(argc < 0) ? 0 : 1;
}
