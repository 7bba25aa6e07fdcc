// tape-raw-array-mixing, positive: the loss adds a term computed by a
// function defined in another translation unit (bce, in
// other_tu/raw_mixing_pos_opaque_term.cpp, which the static half never
// sees) to a term that sends p through item() and back as a constant. The
// opaque call leaves its own term unknown; the raw round trip from w to the
// loss is certain, and the gradient misses it.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

Tensor bce(const Tensor& p, const Tensor& y);  // defined in another TU

int main() {
  GradientTape tape;
  Variable w(0.5);
  Tensor y(1.0);
  Tensor loss;
  {
    auto scope = tape.record();
    Tensor p = tape::sigmoid(w * 2.0);
    loss = bce(p, y) + tape::square(Tensor(p.item()) - 1.0);
  }
  auto g = tape.gradient(loss, w);  // expect: tape-raw-array-mixing
  return g.has_value() ? 0 : 1;
}
