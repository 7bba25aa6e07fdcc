// tape-non-differentiable-path, negative: smooth activations are
// differentiable.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({-1.0, 0.5});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(tape::relu(x) + tape::sigmoid(x) + tape::tanh(x));
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
