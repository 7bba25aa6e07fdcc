// tape-raw-array-mixing, negative: a round trip through raw data that never
// reaches the target.
#include <tape/tape.hpp>
#include <vector>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0});
  Tensor z, shadow;
  {
    auto scope = tape.record();
    Tensor y = x * x;
    std::vector<double> v = y.to_vector();
    shadow = Tensor(v) * 2.0;
    z = tape::sum(y);
  }
  auto g = tape.gradient(z, x);
  return g.has_value() && shadow.defined() ? 0 : 1;
}
