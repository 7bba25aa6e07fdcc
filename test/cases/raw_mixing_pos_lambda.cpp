// tape-raw-array-mixing, positive: the exported value comes back through a
// lambda.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(1.5);
  auto detach = [](const Tensor& t) { return Tensor(t.item() * 1.0); };
  Tensor z;
  {
    auto scope = tape.record();
    z = detach(x * x) * 4.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 1 : 0;
}
