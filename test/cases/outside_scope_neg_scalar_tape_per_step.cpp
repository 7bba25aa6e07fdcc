// tape-op-outside-scope, negative: gradient descent, one tape per step;
// value() carries the state: no misuse
#include <tape/tape.hpp>
#include <cstdio>
using tape::GradientTape;
using tape::Scalar;
int main() {
  double xv = 3.0;
  for (int step = 0; step < 5; ++step) {
    GradientTape tape;
    Scalar x = xv, loss;
    {
      auto scope = tape.record();
      tape.watch(x);
      loss = tape::square(x - 1.25);
    }
    std::printf("loss %g\n", loss.value());
    auto g = tape.gradient(loss, x);
    xv = x.value() - 0.1 * *g;
  }
  return 0;
}
