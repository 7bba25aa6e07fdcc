// tape-gradient-in-scope, positive: the scope was moved into another
// variable, which still holds it when the persistent tape's gradient() runs.
#include <tape/tape.hpp>
#include <utility>

int main() {
  tape::Variable x(1.5);
  tape::GradientTape tape({.persistent = true});
  auto scope = tape.record();
  tape::Tensor y = x * x;
  auto taken = std::move(scope);
  auto g = tape.gradient(y, x);  // expect: tape-gradient-in-scope
  tape.release();
  return g ? 0 : 1;
}
