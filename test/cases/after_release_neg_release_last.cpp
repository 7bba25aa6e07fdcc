// tape-use-after-release, negative: every gradient() comes before the
// release().
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  auto g2 = tape.gradient(y, x);
  tape.release();
  return g1 && g2 ? 0 : 1;
}
