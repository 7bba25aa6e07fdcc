// tape-persistent-not-released, positive: the tape lives in a lambda's body,
// which is analysed as a function of its own.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  auto slope = [&x] {
    tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
    tape::Tensor y;
    {
      auto scope = tape.record();
      y = x * x;
    }
    return tape.gradient(y, x).has_value();
  };
  return slope() ? 0 : 1;
}
