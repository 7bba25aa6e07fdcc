// tape-use-after-release, negative: the path that releases returns at once;
// the gradient() is on the other path only.
#include <tape/tape.hpp>

static bool slope(bool skip) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  if (skip) {
    tape.release();
    return true;
  }
  auto g = tape.gradient(y, x);
  tape.release();
  return g.has_value();
}

int main(int argc, char**) {
  return slope(argc > 0) && slope(argc < 0) ? 0 : 1;
}
