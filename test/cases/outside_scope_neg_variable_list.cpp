// tape-op-outside-scope, negative: the sources passed as the program's own
// std::vector<Variable> (the overload taking variables), every operation recorded.
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
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x * w;
  }
  auto gs = tape.gradient(z, params);
  return gs.size() == 2 && gs[0] && gs[1] ? 0 : 1;
}
