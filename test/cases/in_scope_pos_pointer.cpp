// tape-gradient-in-scope, positive: the scope is opened through a reference
// and the gradient() asked through a pointer to the same tape.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::GradientTape& ref = tape;
  auto* ptr = &tape;
  bool ok = false;
  {
    auto scope = ref.record();
    auto y = x * x;
    ok = ptr->gradient(y, x).has_value();  // expect: tape-gradient-in-scope
  }
  tape.release();
  return ok ? 0 : 1;
}
