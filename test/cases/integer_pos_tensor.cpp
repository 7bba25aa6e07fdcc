// tape-integer-source, positive: a watched Tensor(3), an i64 scalar
// constant.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Tensor c(3);
  Tensor z;
  {
    auto scope = tape.record();
    tape.watch(c);
    z = c * c;
  }
  auto g = tape.gradient(z, c);  // expect: tape-integer-source
  return g.has_value() ? 1 : 0;
}
