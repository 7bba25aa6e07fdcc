// tape-raw-array-mixing, negative: exports used only for logging.
#include <tape/tape.hpp>
#include <cstdio>
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
    for (double e : y.to_vector())
      std::printf("%.2f ", e);
    z = tape::sum(y);
    std::printf("loss %.2f\n", z.item());
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
