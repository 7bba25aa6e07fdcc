// tape-op-outside-scope, negative: part of the Scalar computation runs under
// stop_recording(), on purpose: that path is left out of the gradient.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  Scalar x = 0.75;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    Scalar side;
    {
      auto pause = tape.stop_recording();
      side = tape::exp(x);
    }
    y = x * x + side;
  }
  auto g = tape.gradient(y, x);
  return g.has_value() ? 0 : 1;
}
