// tape-raw-array-mixing, positive: memory under a Tensor::view is refilled by
// a helper of the same file (the next batch) after the recorded product and
// before gradient().
#include <tape/tape.hpp>

void load_batch(double* buf, int step) {
  for (int i = 0; i < 3; ++i) buf[i] = double(step + i) * 0.5;
}

int main() {
  tape::Variable w({0.1, 0.2, 0.3});
  double batch[3] = {1.0, 2.0, 3.0};
  tape::Tensor xb = tape::Tensor::view(batch, {3});
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto scope = tape.record();
    loss = tape::sum(w * xb);
  }
  load_batch(batch, 10);
  auto g = tape.gradient(loss, w);  // expect: tape-raw-array-mixing
  return g ? 0 : 1;
}
