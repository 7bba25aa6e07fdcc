// tape-unwatched-source, positive: watch_accessed_variables = false and the
// Variable is never watched.
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
    z = x * x;
  }
  auto g = tape.gradient(z, x);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
