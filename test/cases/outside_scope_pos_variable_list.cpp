// tape-op-outside-scope, positive: the sources passed as the program's own
// std::vector<Variable> (the overload taking variables); only x has a path that ran
// outside the scope.
#include <vector>
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Variable w(3.0);
  const std::vector<Variable> params{x, w};
  Tensor xx = x * x;
  Tensor z;
  {
    auto scope = tape.record();
    z = xx * w;
  }
  auto gs = tape.gradient(z, params);  // expect: tape-op-outside-scope
  return gs.size() == 2 ? 0 : 1;
}
