// tape-raw-array-mixing, negative: a helper of the same file refills the
// memory under a Tensor::view (the next batch), but only after gradient();
// another helper only reads it before.
#include <tape/tape.hpp>

void load_batch(double* buf, int step) {
  for (int i = 0; i < 3; ++i) buf[i] = double(step + i) * 0.5;
}

double batch_sum(const double* buf) { return buf[0] + buf[1] + buf[2]; }

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
  const double total = batch_sum(batch);
  auto g = tape.gradient(loss, w);
  load_batch(batch, 10);
  return g && total > 0 ? 0 : 1;
}
