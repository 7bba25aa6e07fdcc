// tape-raw-array-mixing, positive: to_vector(), a copy loop, and back into a
// tensor: the gradient is partial.
#include <tape/tape.hpp>
#include <vector>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0});
  Tensor z;
  {
    auto scope = tape.record();
    Tensor y = x * x;
    std::vector<double> raw = y.to_vector();
    std::vector<double> copied;
    for (double e : raw)
      copied.push_back(e);
    z = tape::sum(x * Tensor(copied));
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 0 : 1;
}
