// a bias member initialised from the literal 0 in the constructor's
// member-initializer list: an i64 variable
#include <tape/tape.hpp>

struct Dense {
  tape::Variable w;
  tape::Variable b;
  Dense() : w(0.5), b(0) {}
};

int main() {
  Dense layer;
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto s = tape.record();
    loss = layer.w * 3.0 + tape::cast(layer.b, tape::DType::f64);
  }
  auto g = tape.gradient(loss, layer.b);  // expect: tape-integer-source
  return g ? 1 : 0;
}
