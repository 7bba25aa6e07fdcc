// d/dx (x^2 sin x) at x = 1.5 through the installed runtime, checked against
// the analytic derivative.
#include <tape/tape.hpp>

#include <cmath>
#include <cstdio>

int main() {
  tape::Variable x(1.5);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = tape::square(x) * tape::sin(x);
  }
  const std::optional<tape::Tensor> g = tape.gradient(y, x);
  const double expected = 2 * 1.5 * std::sin(1.5) + 1.5 * 1.5 * std::cos(1.5);
  if (!g || std::fabs(g->item() - expected) > 1e-12) {
    std::printf("wrong gradient\n");
    return 1;
  }
  std::printf("gradient %.12f ok\n", g->item());
  return 0;
}
