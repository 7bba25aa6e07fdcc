// tape-unwatched-source, negative: an intermediate computed inside the scope
// is recorded.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor y, z;
  {
    auto scope = tape.record();
    y = x * 3.0;
    z = y * y;
  }
  auto g = tape.gradient(z, y);
  return g.has_value() ? 0 : 1;
}
