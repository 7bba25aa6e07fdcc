// tape-gradient-in-scope, negative: a helper taking the gradient is called
// after the scope ended.
#include <tape/tape.hpp>

static bool connected(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {
  return t.gradient(y, x).has_value();
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  bool ok = connected(tape, y, x);
  tape.release();
  return ok ? 0 : 1;
}
