// tape-unwatched-source, negative: an unwatched constant the target does not
// depend on.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor c(5.0);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x;
  }
  auto g = tape.gradient(z, c);
  return g.has_value() ? 1 : 0;
}
