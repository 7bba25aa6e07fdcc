// tape-integer-source, negative: the aggregate's default member initializer
// makes an integer variable, but this object's braces give the member a
// floating-point one.
#include <tape/tape.hpp>

struct Layer {
  tape::Variable bias = 0;
};

int main() {
  Layer layer{tape::Variable(3.0)};
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto s = tape.record();
    loss = layer.bias * 2.0;
  }
  auto g = tape.gradient(loss, layer.bias);
  return g ? 0 : 1;
}
