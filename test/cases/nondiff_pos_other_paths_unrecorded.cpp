// tape-non-differentiable-path, positive: the one path the tape recorded
// crosses round(); the other (early = x * 2.0) ran before the scope and is
// not on the tape. The gradient is missing, and this cause comes before
// tape-op-outside-scope in the runtime's order.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(2.3);
  tape::GradientTape tape;
  tape::Tensor z;
  tape::Tensor early = x * 2.0;
  {
    auto scope = tape.record();
    z = tape::round(x) * 2.0 + early;
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g ? 1 : 0;
}
