// tape-op-outside-scope, negative: work after the scope that never reaches
// the target.
#include <tape/tape.hpp>
#include <cstdio>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x;
  }
  Tensor report = z * 100.0;  // for logging only
  std::printf("%.1f\n", report.item());
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
