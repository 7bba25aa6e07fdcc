// tape-raw-array-mixing, positive: algorithms given an execution policy
// (sort, copy, transform, fill) write the memory under a recorded view.
#include <tape/tape.hpp>
#include <algorithm>
#include <execution>
#include <vector>

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
  std::sort(std::execution::seq, buf.begin(), buf.end());
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

static bool copied() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{2.0, 1.0};
  std::vector<double> src{5.0, 6.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::copy(std::execution::seq, src.begin(), src.end(), buf.begin());
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

static bool transformed() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{2.0, 1.0};
  std::vector<double> a{5.0, 6.0}, b{1.0, 1.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::transform(std::execution::seq, a.begin(), a.end(), b.begin(), buf.begin(),
                 [](double p, double q) { return p + q; });
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

static bool filled() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{2.0, 1.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::fill(std::execution::seq, buf.begin(), buf.end(), 3.0);
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

int main() {
  bool r = sorted();
  r &= copied();
  r &= transformed();
  r &= filled();
  return r ? 0 : 1;
}
