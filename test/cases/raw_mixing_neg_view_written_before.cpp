// tape-raw-array-mixing, negative: view memory written before the recorded
// operation.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0});
  double buffer[2] = {3.0, 4.0};
  Tensor w = Tensor::view(buffer, {2});
  buffer[1] = 40.0;
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
