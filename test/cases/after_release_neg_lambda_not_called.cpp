// tape-use-after-release, negative: a lambda that would release the tape is
// defined but never called before the gradient().
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto done = [&] { tape.release(); };
  auto g = tape.gradient(y, x);
  done();
  return g ? 0 : 1;
}
