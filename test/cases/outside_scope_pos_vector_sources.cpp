// tape-op-outside-scope, positive: several sources; only x has a path that
// ran outside the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Variable w(3.0);
  Tensor xx = x * x;
  Tensor z;
  {
    auto scope = tape.record();
    z = xx * w;
  }
  auto gs = tape.gradient(z, {x, w});  // expect: tape-op-outside-scope
  return gs.size() == 2 ? 0 : 1;
}
