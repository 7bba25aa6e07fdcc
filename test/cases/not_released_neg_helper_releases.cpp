// tape-persistent-not-released, negative: a helper in the same file releases
// the tape on every path (function summary).
#include <tape/tape.hpp>

static bool finish(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {
  auto g = t.gradient(y, x);
  t.release();
  return g.has_value();
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  return finish(tape, y, x) ? 0 : 1;
}
