// tape-unwatched-source, positive: one of several sources is an unwatched
// constant.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x(2.0);
  Tensor bias(0.5);
  Tensor z;
  {
    auto scope = tape.record();
    z = x * x + bias * 3.0;
  }
  auto gs = tape.gradient(z, {x, bias});  // expect: tape-unwatched-source
  return gs.size() == 2 ? 0 : 1;
}
