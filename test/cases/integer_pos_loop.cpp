// tape-integer-source, positive: the integer Variable is created inside a
// loop.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  int missing = 0;
  for (int i = 1; i <= 2; ++i) {
    GradientTape tape;
    Variable k(i);
    Tensor z;
    {
      auto scope = tape.record();
      z = k * k;
    }
    auto g = tape.gradient(z, k);  // expect: tape-integer-source
    missing += g.has_value() ? 0 : 1;
  }
  return missing == 2 ? 0 : 1;
}
