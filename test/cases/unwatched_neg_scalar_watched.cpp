// tape-unwatched-source, negative: every Scalar source is watched before its
// first use, the way element-wise code sets up its inputs.
#include <tape/tape.hpp>

#include <vector>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  std::vector<Scalar> x = {0.5, 1.5, 2.5};
  Scalar f = 0.0;
  {
    auto scope = tape.record();
    for (Scalar& xi : x) tape.watch(xi);
    for (std::size_t i = 0; i + 1 < x.size(); ++i) f = f + tape::sin(x[i]) * x[i + 1];
  }
  auto g = tape.gradient(f, x);
  return g[0].has_value() ? 0 : 1;
}
