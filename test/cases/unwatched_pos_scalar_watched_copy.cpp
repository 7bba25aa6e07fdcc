// tape-unwatched-source, positive: copy taken, the copy is watched, the
// original is used
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape;
  Scalar x = 1.5, y;
  {
    auto scope = tape.record();
    Scalar alias = x;
    tape.watch(alias);
    y = x * x;
  }
  auto g = tape.gradient(y, x);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
