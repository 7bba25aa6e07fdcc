// tape-op-outside-scope, positive: forward() returns (prediction,
// regulariser) as a pair, unpacked with a structured binding before the scope.
#include <tape/tape.hpp>
#include <utility>

std::pair<tape::Tensor, tape::Tensor> forward(const tape::Variable& w, double x) {
  return {w * x, tape::square(w) * 0.01};
}

int main() {
  tape::Variable w(0.7);
  tape::GradientTape tape;
  auto [pred, reg] = forward(w, 3.0);
  tape::Tensor loss;
  {
    auto scope = tape.record();
    loss = tape::square(pred - 2.0) + reg;
  }
  auto g = tape.gradient(loss, w);  // expect: tape-op-outside-scope
  return g ? 1 : 0;
}
