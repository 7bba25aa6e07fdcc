// tape-unwatched-source, negative: a Variable read in the scope is watched
// automatically.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
