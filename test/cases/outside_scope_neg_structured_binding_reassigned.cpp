// tape-op-outside-scope, negative: the parts of a structured binding made
// before the scope are both assigned again inside it, from the variable.
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
    pred = w * 3.0;
    reg = tape::square(w) * 0.01;
    loss = tape::square(pred - 2.0) + reg;
  }
  auto g = tape.gradient(loss, w);
  return g ? 0 : 1;
}
