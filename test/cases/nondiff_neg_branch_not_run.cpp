// tape-non-differentiable-path, negative: only the branch that does not run
// is non-differentiable.
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
      z = x * x;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
