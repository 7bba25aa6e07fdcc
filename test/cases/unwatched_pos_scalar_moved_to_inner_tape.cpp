// tape-unwatched-source, positive: x watched on the outer tape, then on the
// inner one, which moves it there (a Scalar belongs to one tape); the outer
// tape's gradient is asked after the inner one's.
#include <tape/tape.hpp>
#include <cstdio>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape outer, inner;
  Scalar x = 1.5;
  Scalar y;
  {
    auto so = outer.record();
    outer.watch(x);
    auto si = inner.record();
    inner.watch(x);
    y = x * x * x;
  }
  auto gi = inner.gradient(y, x);
  auto go = outer.gradient(y, x);  // expect: tape-unwatched-source
  std::printf("gi=%g go=%s\n", gi ? *gi : -1.0, go ? "has" : "nullopt");
  return 0;
}
