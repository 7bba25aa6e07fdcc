// tape-unwatched-source, negative: the constant is watched through a
// pointer to the tape, before its first use.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;

int main() {
  GradientTape tape;
  GradientTape* handle = &tape;
  Tensor c(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    handle->watch(c);
    z = c * c;
  }
  auto g = tape.gradient(z, c);
  return g.has_value() ? 0 : 1;
}
