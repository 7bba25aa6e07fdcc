// tape-raw-array-mixing, negative: raw data exported from a constant that
// does not depend on the source.
#include <tape/tape.hpp>
#include <vector>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0});
  Tensor c({5.0, 6.0});
  std::vector<double> cv = c.to_vector();
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * Tensor(cv));
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
