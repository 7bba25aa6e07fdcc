// tape-raw-array-mixing, positive: standard algorithms that change a buffer
// in place (std::reverse, std::swap of two elements, std::ranges::sort,
// std::array::fill) write the memory under a recorded Tensor::view.
#include <tape/tape.hpp>
#include <algorithm>
#include <array>
#include <utility>
#include <vector>

static bool reversed() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{1.0, 2.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::reverse(buf.begin(), buf.end());
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

static bool swapped() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{1.0, 2.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::swap(buf[0], buf[1]);
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

static bool sorted() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{2.0, 1.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::ranges::sort(buf);
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

static bool filled() {
  tape::Variable x({1.0, 2.0});
  std::array<double, 2> buf{1.0, 2.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  buf.fill(3.0);
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

int main() {
  const bool all = reversed() && swapped() && sorted() && filled();
  return all ? 0 : 1;
}
