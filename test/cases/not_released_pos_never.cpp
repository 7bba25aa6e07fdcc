// tape-persistent-not-released, positive: a persistent tape that is never
// released; the finding is at its construction.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  auto g2 = tape.gradient(y, x);
  return g1 && g2 ? 0 : 1;
}
