// tape-raw-array-mixing, positive: to_vector() into a C array, which re-
// enters as a constant.
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
    Tensor y = x * 3.0;
    std::vector<double> v = y.to_vector();
    double arr[2];
    for (int i = 0; i < 2; ++i)
      arr[i] = v[i];
    z = tape::sum(x + Tensor(arr));
  }
  auto g = tape.gradient(z, x);  // expect: tape-raw-array-mixing
  return g.has_value() ? 0 : 1;
}
