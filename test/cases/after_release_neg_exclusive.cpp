// tape-use-after-release, negative: release() in one branch, gradient() in
// the other; the final release() covers the gradient path.
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  bool ok = true;
  if (argc > 0) {
    ok = tape.gradient(y, x).has_value();
  } else {
    tape.release();
  }
  tape.release();
  return ok ? 0 : 1;
}
