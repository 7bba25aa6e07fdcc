// tape-persistent-not-released, negative: the tape is moved into a function
// that takes ownership (and releases it). A moved tape escapes the analysis.
#include <utility>
#include <tape/tape.hpp>

static bool consume(tape::GradientTape t, const tape::Tensor& y, const tape::Variable& x) {
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
  return consume(std::move(tape), y, x) ? 0 : 1;
}
