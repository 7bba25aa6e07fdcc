// tape-unwatched-source, positive: the Scalar is watched after its first use.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  Scalar x = 1.5;
  Scalar y;
  {
    auto scope = tape.record();
    y = x * 2.0;
    tape.watch(x);
    y = y + tape::exp(x);
  }
  auto g = tape.gradient(y, x);  // expect: tape-unwatched-source
  return g.has_value() ? 0 : 1;
}
