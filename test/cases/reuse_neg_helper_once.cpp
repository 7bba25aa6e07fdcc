// tape-nonpersistent-reuse, negative: a helper and a lambda that each take
// one gradient, each called once, on different tapes.
#include <tape/tape.hpp>

static bool connected(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {
  return t.gradient(y, x).has_value();
}

int main() {
  tape::Variable x(3.0);
  tape::GradientTape first;
  tape::GradientTape second;
  tape::Tensor y;
  {
    auto a = first.record();
    auto b = second.record();
    y = x * x;
  }
  bool ok1 = connected(first, y, x);
  auto grad = [&] { return second.gradient(y, x); };
  bool ok2 = grad().has_value();
  return ok1 && ok2 ? 0 : 1;
}
