// tape-op-outside-scope, negative: one variable passed in braces
// (`gradient(z, {x})`, the one-variable overload), every operation recorded.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x * 3.0;
  }
  auto g = tape.gradient(z, {x});
  return g.has_value() && g->item() == 12.0 ? 0 : 1;
}
