// tape-persistent-not-released, positive: an early return (taken here)
// leaves before the release().
#include <tape/tape.hpp>

static bool slope(bool early) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  if (early) return g.has_value();
  tape.release();
  return g.has_value();
}

int main(int argc, char**) {
  return slope(argc > 0) ? 0 : 1;
}
