// tape-raw-array-mixing, positive: a std::vector under a view, written
// through a pointer inside the scope.
#include <tape/tape.hpp>
#include <vector>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0});
  std::vector<double> weights{0.5, 0.25};
  double* p = weights.data();
  Tensor w = Tensor::view(p, {2});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(w * x);
    p[1] = 9.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 0 : 1;
}
