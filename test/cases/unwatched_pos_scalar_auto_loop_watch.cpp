// tape-unwatched-source, positive: `for (auto xi : x)`: copies watched,
// elements used and asked about
#include <tape/tape.hpp>
#include <array>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape;
  std::array<Scalar, 2> x = {0.5, 1.5};
  Scalar f;
  {
    auto scope = tape.record();
    for (auto xi : x) tape.watch(xi);
    f = x[0] * x[1];
  }
  auto g = tape.gradient(f, x[0]);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
