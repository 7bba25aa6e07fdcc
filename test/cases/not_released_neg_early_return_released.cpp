// tape-persistent-not-released, negative: every return, early or not,
// releases first.
#include <tape/tape.hpp>

static bool slope(bool early) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  if (early) {
    tape.release();
    return g.has_value();
  }
  tape.release();
  return g.has_value();
}

int main(int argc, char**) {
  return slope(argc > 0) && slope(argc < 0) ? 0 : 1;
}
