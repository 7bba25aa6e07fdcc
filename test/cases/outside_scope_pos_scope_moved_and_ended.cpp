// tape-op-outside-scope, positive: the scope moved into an inner block ended
// there; the operation after it is not recorded.
#include <tape/tape.hpp>
#include <utility>

int main() {
  tape::Variable x(1.5);
  tape::GradientTape tape;
  auto scope = tape.record();
  tape::Tensor y = x * x;
  { auto taken = std::move(scope); }
  tape::Tensor z = y * 3.0;
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g ? 1 : 0;
}
