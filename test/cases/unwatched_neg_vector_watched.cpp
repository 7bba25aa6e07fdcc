// tape-unwatched-source, negative: both sources watched, vector overload.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Tensor a(1.0);
  Tensor b(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    tape.watch(a);
    tape.watch(b);
    z = a * b;
  }
  auto gs = tape.gradient(z, {a, b});
  return gs[0].has_value() && gs[1].has_value() ? 0 : 1;
}
