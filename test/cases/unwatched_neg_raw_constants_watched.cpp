// tape-unwatched-source, negative: constants made from a vector, from_raw
// and a view, each watched before its first use.
#include <tape/tape.hpp>

#include <vector>

using tape::GradientTape;
using tape::Tensor;

int main() {
  std::vector<double> values{1.0, 2.0};
  double raw[2] = {3.0, 4.0};
  double buf[2] = {5.0, 6.0};
  GradientTape tape({.persistent = true});
  Tensor a(values);
  Tensor b = Tensor::from_raw(raw, {2});
  Tensor c = Tensor::view(buf, {2});
  Tensor z;
  {
    auto scope = tape.record();
    tape.watch(a);
    tape.watch(b);
    tape.watch(c);
    z = tape::sum(a * b + c);
  }
  auto ga = tape.gradient(z, a);
  auto gb = tape.gradient(z, b);
  auto gc = tape.gradient(z, c);
  tape.release();
  return ga && gb && gc ? 0 : 1;
}
