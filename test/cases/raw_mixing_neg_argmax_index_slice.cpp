// tape-raw-array-mixing, negative: the index of the largest element, exported
// with item(), only chooses which slice of x enters the target. No value of x
// comes back as a constant: the gradient (2 at that element) is complete.
#include <cstdint>
#include <tape/tape.hpp>

int main() {
  tape::Variable x({0.3, 2.7, -1.2});
  tape::GradientTape t;
  tape::Tensor z;
  {
    auto s = t.record();
    auto k = static_cast<std::int64_t>(tape::argmax(x).item());
    z = tape::sum(tape::slice(x, k, k + 1) * 2.0);
  }
  auto g = t.gradient(z, x);
  return g.has_value() ? 0 : 1;
}
