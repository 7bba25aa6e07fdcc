// tape-unwatched-source, positive: Tensor::from_raw makes a constant (a
// copy of raw memory, here behind a helper's pointer parameter); it needs
// tape.watch() before its first use.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;

static bool run(const double* weights, std::int64_t n) {
  GradientTape tape;
  Tensor w = Tensor::from_raw(weights, {n});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(tape::exp(w));
  }
  auto g = tape.gradient(z, w);  // expect: tape-unwatched-source
  return !g.has_value();
}

int main() {
  double weights[3] = {0.1, 0.2, 0.3};
  return run(weights, 3) ? 0 : 1;
}
