// tape-raw-array-mixing, negative: the algorithms reorder a copy of the
// buffer, and the view's own buffer only before the recording.
#include <tape/tape.hpp>
#include <algorithm>
#include <utility>
#include <vector>

int main() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{2.0, 1.0};
  std::ranges::sort(buf);
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::vector<double> copy = buf;
  std::reverse(copy.begin(), copy.end());
  std::swap(copy[0], copy[1]);
  auto g = tape.gradient(z, x);
  return g ? 0 : 1;
}
