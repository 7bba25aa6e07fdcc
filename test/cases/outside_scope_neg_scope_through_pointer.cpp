// tape-op-outside-scope, negative: the recording scope is opened through a
// pointer to the tape, in main and in a helper that receives the tape by
// reference. The pointer is an alias of the tape: every operation between
// x and the targets is recorded.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static Tensor step(GradientTape& tape, const Variable& x) {
  GradientTape* handle = &tape;
  auto scope = handle->record();
  return x * x;
}

int main() {
  Variable x(3.0);
  int missing = 0;
  {
    GradientTape tape;
    GradientTape* handle = &tape;
    Tensor z;
    {
      auto scope = handle->record();
      Tensor y = x * x;
      z = y * 2.0;
    }
    auto g = tape.gradient(z, x);
    missing += g.has_value() ? 0 : 1;
  }
  {
    GradientTape tape;
    Tensor z = step(tape, x);
    auto g = tape.gradient(z, x);
    missing += g.has_value() ? 0 : 1;
  }
  return missing;
}
