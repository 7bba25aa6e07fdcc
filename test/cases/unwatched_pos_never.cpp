// tape-unwatched-source, positive: a constant that is never watched.
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
    z = c * c;
  }
  auto g = tape.gradient(z, c);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
