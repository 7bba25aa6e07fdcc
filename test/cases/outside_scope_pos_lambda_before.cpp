// tape-op-outside-scope, positive: a lambda called before the scope does the
// work.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(0.5);
  auto activate = [](const Tensor& t) { return tape::tanh(t) * 2.0; };
  Tensor h = activate(x);
  Tensor z;
  {
    auto scope = tape.record();
    z = h * h;
  }
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
