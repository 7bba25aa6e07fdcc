// tape-op-outside-scope, negative: the pair from forward() is unpacked with a
// structured binding inside the recording scope.
#include <tape/tape.hpp>
#include <utility>

std::pair<tape::Tensor, tape::Tensor> forward(const tape::Variable& w, double x) {
  return {w * x, tape::square(w) * 0.01};
}

int main() {
  tape::Variable w(0.7);
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto scope = tape.record();
    auto [pred, reg] = forward(w, 3.0);
    loss = tape::square(pred - 2.0) + reg;
  }
  auto g = tape.gradient(loss, w);
  return g ? 0 : 1;
}
