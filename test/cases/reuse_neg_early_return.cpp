// tape-nonpersistent-reuse, negative: after the first gradient() the
// function returns; the second gradient() is on the other path only.
#include <tape/tape.hpp>

static bool slope(bool early) {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  if (early) {
    auto g = tape.gradient(y, x);
    return g.has_value();
  }
  auto g = tape.gradient(y, x);
  return g.has_value();
}

int main(int argc, char**) {
  return slope(argc > 0) ? 0 : 1;
}
