// tape-unwatched-source, positive: a Tensor::view over caller-owned memory is
// a constant too; asking for the gradient with respect to it without a
// watch gives nothing.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;

int main() {
  double buf[2] = {1.0, 2.0};
  GradientTape tape;
  Tensor v = Tensor::view(buf, {2});
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(v * v);
  }
  auto g = tape.gradient(z, v);  // expect: tape-unwatched-source
  return g.has_value() ? 1 : 0;
}
