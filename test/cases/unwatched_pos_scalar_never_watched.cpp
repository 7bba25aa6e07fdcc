// tape-unwatched-source, positive: a tape::Scalar used in the scope but never
// watched; the tape records nothing about it.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  Scalar x = 1.5;
  Scalar y;
  {
    auto scope = tape.record();
    y = tape::sin(x) * x;
  }
  auto g = tape.gradient(y, x);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
