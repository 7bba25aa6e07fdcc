// tape-unwatched-source, positive: a helper that takes the Scalar by value and
// watches its copy
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
static void track(GradientTape& t, Scalar s) { t.watch(s); }
int main() {
  GradientTape tape;
  Scalar x = 1.5, y;
  {
    auto scope = tape.record();
    track(tape, x);
    y = x * x;
  }
  auto g = tape.gradient(y, x);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
