// tape-non-differentiable-path, positive: each branch crosses a different
// non-differentiable operation.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main(int argc, char**) {
  GradientTape tape;
  Variable x(1.4);
  Tensor z;
  {
    auto scope = tape.record();
    if (argc > 3)
      z = tape::round(x);
    else
      z = tape::floor(x) * 2.0;
  }
  auto g = tape.gradient(z, x);  // expect: tape-non-differentiable-path
  return g.has_value() ? 1 : 0;
}
