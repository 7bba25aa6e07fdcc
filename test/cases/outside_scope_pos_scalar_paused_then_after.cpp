// tape-op-outside-scope, positive: value computed under a pause, combined
// after the scope with a recorded one
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape;
  Scalar x = 0.75, y, side;
  {
    auto scope = tape.record();
    tape.watch(x);
    {
      auto pause = tape.stop_recording();
      side = tape::exp(x);
    }
    y = x * x;
  }
  Scalar z = y + side;
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return 0;
}
