// tape-gradient-in-scope, positive: the first scope ended, a second scope of
// the same tape is alive at the gradient().
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto first = tape.record();
    y = x * x;
  }
  auto outside = tape.gradient(y, x);
  bool ok = false;
  {
    auto second = tape.record();
    auto z = y * x;
    ok = tape.gradient(z, x).has_value();  // expect: tape-gradient-in-scope
  }
  tape.release();
  return outside && ok ? 0 : 1;
}
