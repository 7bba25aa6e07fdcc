// tape-op-outside-scope, negative: a lambda captures a pointer to the tape
// and opens the recording scope through it.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  GradientTape* handle = &tape;
  Variable x(1.5);
  auto forward = [handle, &x]() {
    auto scope = handle->record();
    return Tensor(tape::sin(x) * x);
  };
  Tensor z = forward();
  auto g = tape.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
