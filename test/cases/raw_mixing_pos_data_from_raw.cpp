// tape-raw-array-mixing, positive: data() pointer, then Tensor::from_raw.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0, 3.0});
  Tensor z;
  {
    auto scope = tape.record();
    Tensor y = tape::exp(x);
    const double* p = y.data();
    Tensor copy = Tensor::from_raw(p, {3});
    z = tape::sum(copy * 2.0);
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 1 : 0;
}
