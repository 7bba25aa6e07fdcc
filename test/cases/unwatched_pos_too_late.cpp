// tape-unwatched-source, positive: watched too late, after its first use in
// the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Tensor c({1.0, 2.0});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(c * c);
    tape.watch(c);
  }
  auto g = tape.gradient(z, c);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
