// tape-op-outside-scope, negative: every Scalar operation runs in the scope;
// only the printing after it reads the value.
#include <tape/tape.hpp>

#include <cstdio>

using tape::GradientTape;
using tape::Scalar;

int main() {
  GradientTape tape;
  Scalar x = 2.0;
  Scalar loss;
  {
    auto scope = tape.record();
    tape.watch(x);
    loss = tape::square(tape::sin(x) * x) / 2.0;
  }
  std::printf("loss %g\n", loss.value());
  auto g = tape.gradient(loss, x);
  return g.has_value() ? 0 : 1;
}
