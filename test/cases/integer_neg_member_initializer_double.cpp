// tape-integer-source, negative: both members are initialised from
// floating-point literals in the constructor's member-initializer list, and
// a second constructor agrees.
#include <tape/tape.hpp>

struct Dense {
  tape::Variable w;
  tape::Variable b;
  Dense() : w(0.5), b(0.0) {}
  explicit Dense(double scale) : w(scale), b(1.0) {}
};

int main() {
  Dense layer;
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto s = tape.record();
    loss = layer.w * 3.0 + layer.b;
  }
  auto g = tape.gradient(loss, layer.b);
  return g ? 0 : 1;
}
