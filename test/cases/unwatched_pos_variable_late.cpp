// tape-unwatched-source, positive: watch_accessed_variables = false, the
// Variable watched only after use.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape({.persistent = false, .watch_accessed_variables = false});
  Variable x(1.5);
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::exp(x);
    tape.watch(x);
  }
  auto g = tape.gradient(z, x);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
