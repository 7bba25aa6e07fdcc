// tape-unwatched-source, negative: the constant is watched by a helper that
// receives the tape.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

static void watch_inputs(GradientTape& t, const Tensor& in) { t.watch(in); }

int main() {
  GradientTape tape;
  Tensor c(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    watch_inputs(tape, c);
    z = c * c;
  }
  auto g = tape.gradient(z, c);
  return g.has_value() ? 0 : 1;
}
