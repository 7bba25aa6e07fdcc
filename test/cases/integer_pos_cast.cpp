// tape-integer-source, positive: the source is cast to an integer dtype.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.5);
  Tensor z;
  Tensor n;
  {
    auto scope = tape.record();
    n = tape::cast(x, tape::DType::i64);
    z = n * n;
  }
  auto g = tape.gradient(z, n);  // expect: tape-integer-source
  return g.has_value() ? 1 : 0;
}
