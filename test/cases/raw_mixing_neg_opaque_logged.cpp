// tape-raw-array-mixing, negative: the loss comes from a function defined in
// another translation unit (other_tu/raw_mixing_neg_opaque_logged.cpp); the
// value that leaves the tape through item() is only logged.
#include <tape/tape.hpp>

#include <cstdio>

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
    std::printf("p = %f\n", p.item());
    loss = bce(p, y) + tape::square(p - 1.0);
  }
  std::printf("loss = %f\n", loss.item());
  auto g = tape.gradient(loss, w);
  return g.has_value() ? 0 : 1;
}
