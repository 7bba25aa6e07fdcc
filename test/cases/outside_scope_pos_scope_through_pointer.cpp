// tape-op-outside-scope, positive: aliases of the tape are followed both
// ways: the scope opened through a pointer does not cover an operation
// before it, and a helper taking a pointer to the tape computes before
// opening its scope. One gradient is asked through the pointer.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static Tensor run(GradientTape* tape, const Variable& x) {
  Tensor early = x * x;
  auto scope = tape->record();
  return early * 2.0;
}

int main() {
  Variable x(3.0);
  int found = 0;
  {
    GradientTape tape;
    GradientTape* handle = &tape;
    Tensor y = x * x;
    Tensor z;
    {
      auto scope = handle->record();
      z = y * y;
    }
    auto g = handle->gradient(z, x);  // expect: tape-op-outside-scope
    found += g.has_value() ? 0 : 1;
  }
  {
    GradientTape tape;
    Tensor z = run(&tape, x);
    auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
    found += g.has_value() ? 0 : 1;
  }
  return found == 2 ? 0 : 1;
}
