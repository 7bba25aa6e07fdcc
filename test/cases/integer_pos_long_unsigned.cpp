// tape-integer-source, positive: long and unsigned literals are integers
// too.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape({.persistent = true});
  Variable a(7L);
  Variable b(2u);
  Tensor za, zb;
  {
    auto scope = tape.record();
    za = a * a;
    zb = b + b;
  }
  auto ga = tape.gradient(za, a);  // expect: tape-integer-source
  auto gb = tape.gradient(zb, b);  // expect: tape-integer-source
  tape.release();
  return ga.has_value() || gb.has_value() ? 1 : 0;
}
