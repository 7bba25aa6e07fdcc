// tape-op-outside-scope, negative: nested tapes, each Scalar on its own tape;
// throws only while diagnostics listen
#include <tape/tape.hpp>
#include <cstdio>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape outer, inner;
  Scalar x = 1.5, v = 0.5, b;
  try {
    auto so = outer.record();
    auto si = inner.record();
    outer.watch(x);
    inner.watch(v);
    Scalar y = x * x;
    std::printf("y = %g\n", y.value());
    Scalar k = 2.25;
    b = v * k;
  } catch (const tape::Error& e) {
    std::printf("caught: %s\n", e.what());
    return 1;
  }
  auto g = inner.gradient(b, v);
  std::printf("g=%g\n", *g);
  return 0;
}
