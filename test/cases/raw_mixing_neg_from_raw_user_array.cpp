// tape-raw-array-mixing, negative: from_raw over a user array that the tape
// never produced.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Variable x({1.0, 2.0, 3.0});
  double table[3] = {1.0, 0.5, 0.25};
  Tensor t = Tensor::from_raw(table, {3});
  table[0] = 100.0;  // from_raw copied: later writes do not matter
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * t);
  }
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
