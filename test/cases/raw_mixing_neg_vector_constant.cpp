// tape-raw-array-mixing, negative: a raw std::vector<double> that did not
// come from the tape is a correct constant.
#include <tape/tape.hpp>
#include <vector>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0});
  std::vector<double> y{3.0, 4.0};
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * Tensor(y));
  }
  auto g = tape.gradient(z, x);  // gradient is y
  return g.has_value() ? 0 : 1;
}
