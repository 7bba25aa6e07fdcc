// tape-unwatched-source, negative: watched in every iteration before its
// use.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  Tensor c(1.5);
  for (int i = 0; i < 2; ++i) {
    GradientTape tape;
    Tensor z;
    {
      auto scope = tape.record();
      tape.watch(c);
      z = tape::log(c * c);
    }
    auto g = tape.gradient(z, c);
    if (!g)
      return 1;
  }
  return 0;
}
