// tape-unwatched-source, positive: the constant is used by a helper called
// inside the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static Tensor energy(const Tensor& t) { return tape::sum(t * t) * 0.5; }

int main() {
  GradientTape tape;
  Tensor state({1.0, -1.0, 2.0});
  Tensor e;
  {
    auto scope = tape.record();
    e = energy(state);
  }
  auto g = tape.gradient(e, state);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
