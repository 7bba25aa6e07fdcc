// tape-raw-array-mixing, negative: std::copy with an execution policy reads
// the viewed buffer and writes another one.
#include <tape/tape.hpp>
#include <algorithm>
#include <execution>
#include <vector>

int main() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{2.0, 1.0};
  std::vector<double> out(2);
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::copy(std::execution::seq, buf.begin(), buf.end(), out.begin());
  return tape.gradient(z, x).has_value() ? 0 : 1;
}
