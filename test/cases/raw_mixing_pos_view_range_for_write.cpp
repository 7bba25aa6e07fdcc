// tape-raw-array-mixing, positive: the vector under a Tensor::view is
// rescaled in place by a range-for loop over references after a recorded
// multiplication read it; the backward pass reads the new values.
#include <vector>
#include <tape/tape.hpp>

int main() {
  tape::Variable w({0.5, 1.5, 2.5});
  std::vector<double> batch{1.0, 2.0, 3.0};
  tape::Tensor in = tape::Tensor::view(batch.data(), {3});
  tape::GradientTape t;
  tape::Tensor loss;
  {
    auto s = t.record();
    loss = tape::sum(w * in);
  }
  for (double& e : batch) e = e * 2.0;
  auto g = t.gradient(loss, w);  // expect: tape-raw-array-mixing
  return g.has_value() ? 0 : 1;
}
