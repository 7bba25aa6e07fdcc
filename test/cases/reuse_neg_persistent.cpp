// tape-nonpersistent-reuse, negative: a persistent tape answers as many
// gradient() calls as asked (and is released after the last one).
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  tape::Tensor z;
  {
    auto scope = tape.record();
    y = x * x;
    z = y * y;
  }
  auto dy = tape.gradient(y, x);
  auto dz = tape.gradient(z, x);
  tape.release();
  return dy && dz ? 0 : 1;
}
