// tape-op-outside-scope, negative: only path runs under a pause: gradient
// missing on purpose, no finding
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape;
  Scalar x = 0.75, y;
  {
    auto scope = tape.record();
    tape.watch(x);
    auto pause = tape.stop_recording();
    y = tape::exp(x) * 2.0;
  }
  auto g = tape.gradient(y, x);
  return g.has_value() ? 1 : 0;
}
