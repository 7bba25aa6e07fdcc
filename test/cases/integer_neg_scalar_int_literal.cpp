// tape-integer-source, negative: a tape::Scalar is always f64, even when it
// is initialised from an int.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  Scalar x = 3;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  return g.has_value() ? 0 : 1;
}
