// tape-gradient-in-scope, positive: the gradient() is in a block nested in
// the scope's block.
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  bool ok = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    if (argc > 0) {
      auto g = tape.gradient(y, x);  // expect: tape-gradient-in-scope
      ok = g.has_value();
    }
  }
  tape.release();
  return ok ? 0 : 1;
}
