// tape-integer-source, positive: the Variable is built from an int variable.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  int start = 4;
  Variable counter(start);
  Tensor z;
  {
    auto scope = tape.record();
    z = counter * 2;
  }
  auto g = tape.gradient(z, counter);  // expect: tape-integer-source
  return g.has_value() ? 1 : 0;
}
