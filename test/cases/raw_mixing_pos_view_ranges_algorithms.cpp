// tape-raw-array-mixing: std::ranges algorithms with defaulted projections
// (transform of one range into an iterator, transform of two ranges, merge)
// write the buffer their output names, and only that one.
#include <tape/tape.hpp>
#include <algorithm>
#include <vector>

static bool unary() {
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
  std::ranges::transform(src, buf.begin(), [](double v) { return v * 2; });
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

static bool binary_fp() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{2.0, 1.0};
  std::vector<double> src{5.0, 6.0}, out(2);
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::ranges::transform(src, buf, out.begin(), [](double a, double b) { return a + b; });
  return tape.gradient(z, x).has_value();
}

static bool merged() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{2.0, 1.0};
  std::vector<double> a{5.0}, b{1.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::ranges::merge(a, b, buf.begin());
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

static bool projected() {
  tape::Variable x({1.0, 2.0});
  std::vector<double> buf{1.0, 2.0};
  tape::Tensor w = tape::Tensor::view(buf.data(), {2});
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(x * w);
  }
  std::ranges::sort(buf, std::ranges::less{}, [](double v) { return -v; });
  return tape.gradient(z, x).has_value();  // expect: tape-raw-array-mixing
}

int main() {
  bool r = unary();
  r &= binary_fp();
  r &= merged();
  r &= projected();
  return 0;
}
