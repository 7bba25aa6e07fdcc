// tape-gradient-in-scope, negative: a helper opens the scope and records;
// its scope ends when it returns, before the caller's gradient().
#include <tape/tape.hpp>

static tape::Tensor forward(tape::GradientTape& t, const tape::Variable& x) {
  auto scope = t.record();
  return x * x;
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y = forward(tape, x);
  auto g = tape.gradient(y, x);
  tape.release();
  return g ? 0 : 1;
}
