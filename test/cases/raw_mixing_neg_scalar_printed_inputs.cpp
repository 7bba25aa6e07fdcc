// tape-raw-array-mixing, negative: inputs printed as they are set up; two
// inputs share a value. No misuse.
#include <tape/tape.hpp>
#include <cstdio>
#include <vector>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape;
  std::vector<Scalar> x(2);
  Scalar f;
  {
    auto scope = tape.record();
    for (Scalar& xi : x) {
      xi = 0.5;
      tape.watch(xi);
      std::printf("x = %g\n", xi.value());
    }
    f = x[0] * x[1] + tape::sin(x[1]);
  }
  auto g = tape.gradient(f, x);
  std::printf("g0=%g g1=%g\n", *g[0], *g[1]);
  return g[0] && g[1] ? 0 : 1;
}
