// tape-unwatched-source, positive: a constant computed by an operation
// outside every tape is still a constant; it needs tape.watch() before its
// first use in the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;

int main() {
  GradientTape tape;
  Tensor c = Tensor(2.0) * 3.0;
  Tensor z;
  {
    auto scope = tape.record();
    z = c * c;
  }
  auto g = tape.gradient(z, c);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
