// tape-unwatched-source, positive: the constant is used in a loop before it
// is watched.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main() {
  GradientTape tape;
  Tensor c(1.1);
  Tensor acc(1.0);
  {
    auto scope = tape.record();
    for (int i = 0; i < 3; ++i)
      acc = acc * c;
    tape.watch(c);
    acc = acc + 0.0;
  }
  auto g = tape.gradient(acc, c);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
