// tape-gradient-in-scope, positive: a training loop inside one recording
// scope takes a gradient per step.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  int answered = 0;
  {
    auto scope = tape.record();
    for (int step = 0; step < 3; ++step) {
      auto y = x * x;
      answered += tape.gradient(y, x).has_value();  // expect: tape-gradient-in-scope
    }
  }
  tape.release();
  return answered == 3 ? 0 : 1;
}
