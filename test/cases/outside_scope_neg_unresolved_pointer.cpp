// tape-op-outside-scope, negative: which tape the pointer designates is
// decided at run time; the analysis cannot tell, so it must not assume the
// asked tape was idle. (Here it is the asked tape, and it records.)
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main(int argc, char**) {
  GradientTape tape;
  GradientTape other;
  GradientTape* active = argc > 0 ? &tape : &other;
  Variable x(2.0);
  Tensor z;
  {
    auto scope = active->record();
    z = x * x * x;
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
