// tape-raw-array-mixing, negative: after a recorded multiplication read the
// vector under a Tensor::view, a range-for loop over references only reads
// it (a sum for logging), and a loop over copies changes only the copies.
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
  double total = 0;
  for (const double& e : batch) total += e;
  for (double e : batch) e = e * 2.0;
  auto g = t.gradient(loss, w);
  return g.has_value() && total > 0 ? 0 : 1;
}
