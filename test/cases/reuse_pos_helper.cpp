// tape-nonpersistent-reuse, positive: a helper in the same file takes the
// gradient of a tape passed by reference; called twice on one non-persistent
// tape, the second call's gradient() (inside the helper) throws.
#include <tape/tape.hpp>

static bool has_slope(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {
  auto g = t.gradient(y, x);  // expect: tape-nonpersistent-reuse
  return g.has_value();
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  bool first = has_slope(tape, y, x);
  try {
    has_slope(tape, y, x);
  } catch (const tape::TapeReuseError&) {
  }
  return first ? 0 : 1;
}
