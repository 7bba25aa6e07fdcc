// tape-unwatched-source, positive: x watched on tape a; gradient asked on tape
// b, which recorded the use
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape a, b;
  Scalar x = 1.5, y;
  {
    auto sa = a.record();
    a.watch(x);
  }
  {
    auto sb = b.record();
    y = x * x;
  }
  auto g = b.gradient(y, x);  // expect: tape-unwatched-source
  return 0;
}
