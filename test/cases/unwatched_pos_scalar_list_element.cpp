// tape-unwatched-source, positive: of two Scalar sources, only the first is
// watched; the second is used all the same.
#include <tape/tape.hpp>

#include <vector>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  std::vector<Scalar> x = {0.5, 1.5};
  Scalar f;
  {
    auto scope = tape.record();
    tape.watch(x[0]);
    f = tape::sin(x[0]) * x[1];
  }
  auto g = tape.gradient(f, x);  // expect: tape-unwatched-source
  return g[0].has_value() && !g[1].has_value() ? 0 : 1;
}
