// tape-op-outside-scope, negative: the recording scope is opened through a
// reference bound to `*pointer`, and through a helper that takes a pointer
// to the tape. Both designate the tape whose gradient is asked.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static Tensor run(GradientTape* tape, const Variable& x) {
  auto scope = tape->record();
  return x * x * 3.0;
}

int main() {
  Variable x(2.0);
  int missing = 0;
  {
    GradientTape tape;
    GradientTape* handle = &tape;
    GradientTape& r = *handle;
    Tensor z;
    {
      auto s = r.record();
      z = x * x;
    }
    auto g = tape.gradient(z, x);
    missing += g.has_value() ? 0 : 1;
  }
  {
    GradientTape tape;
    Tensor z = run(&tape, x);
    auto g = tape.gradient(z, x);
    missing += g.has_value() ? 0 : 1;
  }
  return missing;
}
