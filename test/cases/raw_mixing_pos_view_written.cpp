// tape-raw-array-mixing, positive: memory under a Tensor::view is written
// after the recorded operation.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0});
  double buffer[2] = {3.0, 4.0};
  Tensor w = Tensor::view(buffer, {2});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  buffer[0] = 30.0;  // the recorded product now sees changed data
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 0 : 1;
}
