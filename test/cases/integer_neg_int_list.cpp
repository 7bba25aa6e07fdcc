// tape-integer-source, negative: Variable({1, 2}) is a list of doubles.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable v({1, 2});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(v * v);
  }
  auto g = tape.gradient(z, v);
  return g.has_value() ? 0 : 1;
}
