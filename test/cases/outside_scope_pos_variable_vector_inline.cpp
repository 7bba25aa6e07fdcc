// tape-op-outside-scope, positive: std::vector<Variable> built from
// temporaries; a product of its elements ran before the scope.
#include <tape/tape.hpp>

int main() {
  std::vector<tape::Variable> params{tape::Variable(2.0), tape::Variable(3.0)};
  tape::Tensor pre = params[0] * params[0];
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = pre * params[1];
  }
  auto g = tape.gradient(z, params);  // expect: tape-op-outside-scope
  return (!g[0] && g[1]) ? 0 : 1;
}
