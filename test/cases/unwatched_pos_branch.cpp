// tape-unwatched-source, positive: only one branch watches the constant; the
// other one runs.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main(int argc, char**) {
  GradientTape tape;
  Tensor c(2.0);
  Tensor z;
  {
    auto scope = tape.record();
    if (argc < 5) {
      z = c * c;
    } else {
      tape.watch(c);
      z = c * c * c;
    }
  }
  auto g = tape.gradient(z, c);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
