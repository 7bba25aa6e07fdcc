// tape-unwatched-source, negative: the constant is watched before its first
// use.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Tensor c(3.0);
  Tensor z;
  {
    auto scope = tape.record();
    tape.watch(c);
    z = c * c;
  }
  auto g = tape.gradient(z, c);
  return g.has_value() ? 0 : 1;
}
