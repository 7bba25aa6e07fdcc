// tape-integer-source, positive: a Tensor made from an integer, used through
// a lambda.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Tensor n(2);
  auto cube = [](const Tensor& t) { return t * t * t; };
  Tensor z;
  {
    auto scope = tape.record();
    tape.watch(n);
    z = cube(n);
  }
  auto g = tape.gradient(z, n);  // expect: tape-integer-source
  return g.has_value() ? 1 : 0;
}
