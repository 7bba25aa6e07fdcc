// tape-op-outside-scope, negative: an intentional stop_recording() is not
// this check.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor z;
  {
    auto scope = tape.record();
    Tensor frozen;
    {
      auto pause = tape.stop_recording();
      frozen = x * 10.0;
    }
    z = x * x + frozen;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
