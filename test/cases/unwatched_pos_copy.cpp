// tape-unwatched-source, positive: a copy of the constant is used; the copy
// is the same tensor.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Tensor c({1.0, 2.0});
  Tensor alias = c;
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(alias * alias);
  }
  auto g = tape.gradient(z, c);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
