// tape-raw-array-mixing, negative: a view only added to the source
// (docs/checks/raw-array-mixing.md: "Views combined only additively (x + w):
// the gradient does not read w"), then its memory is written before
// gradient(). The gradient (ones) is correct.
#include <vector>
#include <tape/tape.hpp>

int main() {
  tape::Variable w({0.5, 1.5, 2.5});
  std::vector<double> bias{1.0, 2.0, 3.0};
  tape::Tensor b = tape::Tensor::view(bias.data(), {3});
  tape::GradientTape t;
  tape::Tensor loss;
  {
    auto s = t.record();
    loss = tape::sum(w + b);
  }
  bias[0] = 7.0;
  auto g = t.gradient(loss, w);
  return g.has_value() ? 0 : 1;
}
