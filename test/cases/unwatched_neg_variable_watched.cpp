// tape-unwatched-source, negative: watch_accessed_variables = false with an
// explicit watch first.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape({.watch_accessed_variables = false});
  Variable x(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    tape.watch(x);
    z = x * x;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
