// tape-unwatched-source, negative: Newton iteration in place on the watched
// Scalar; gradient w.r.t. a copy taken after watch
#include <tape/tape.hpp>
#include <cstdio>
#include <cmath>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape({.persistent = true});
  Scalar a = 2.0, r = 1.0;
  {
    auto scope = tape.record();
    tape.watch(a);
    for (int i = 0; i < 6; ++i) r = 0.5 * (r + a / r);
  }
  auto g = tape.gradient(r, a);
  std::printf("r=%.12g dr/da=%.12g want %.12g\n", r.value(), *g, 0.5 / std::sqrt(2.0));
  tape.release();
  return 0;
}
