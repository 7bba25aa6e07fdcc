// tape-gradient-in-scope, positive: a lambda taking the gradient is invoked
// inside the scope.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  auto slope = [&] { return tape.gradient(y, x); };  // expect: tape-gradient-in-scope
  bool ok = false;
  {
    auto scope = tape.record();
    y = x * x;
    ok = slope().has_value();
  }
  tape.release();
  return ok ? 0 : 1;
}
