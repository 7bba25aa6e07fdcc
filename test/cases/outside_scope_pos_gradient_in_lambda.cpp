// tape-op-outside-scope, positive: the whole training step, gradient()
// included, is a lambda.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  Variable x(2.0);
  auto step = [&]() {
    GradientTape tape;
    Tensor pre = x * x;
    Tensor z;
    {
      auto scope = tape.record();
      z = pre * 2.0;
    }
    return tape.gradient(z, x).has_value();  // expect: tape-op-outside-scope
  };
  return step() ? 1 : 0;
}
