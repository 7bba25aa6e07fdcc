// tape-unwatched-source, negative: a Tensor copied from a Variable stands
// for the Variable.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable w(0.5);
  Tensor handle = w;
  Tensor z;
  {
    auto scope = tape.record();
    z = handle * handle;
  }
  auto g = tape.gradient(z, handle);
  return g.has_value() ? 0 : 1;
}
