// tape-integer-source, positive: the bias member's default member
// initializer is the literal 0, and the constructor leaves it to it (an
// implicit constructor, or one that sets only the weight): an i64 variable.
#include <tape/tape.hpp>

struct Implicit {
  tape::Variable w = 0.5;
  tape::Variable b = 0;
};

struct SetsWeightOnly {
  tape::Variable w;
  tape::Variable b = tape::Variable(0);
  SetsWeightOnly() : w(0.5) {}
};

template <class Layer>
static bool bias_gradient() {
  Layer layer;
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto s = tape.record();
    loss = layer.w * 3.0 + tape::cast(layer.b, tape::DType::f64);
  }
  return tape.gradient(loss, layer.b).has_value();  // expect: tape-integer-source
}

int main() {
  const bool any = bias_gradient<Implicit>() || bias_gradient<SetsWeightOnly>();
  return any ? 1 : 0;
}
