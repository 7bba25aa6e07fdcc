// tape-nonpersistent-reuse, positive: the same tape reached through a
// reference alias (type alias, auto) and through a pointer.
#include <tape/tape.hpp>

namespace tp = tape;
using Tape = tp::GradientTape;

int main() {
  tp::Variable x(3.0);
  Tape tape;
  auto& same = tape;
  Tape* ptr = &tape;
  tp::Tensor y;
  {
    auto scope = same.record();
    y = x * x;
  }
  auto first = same.gradient(y, x);
  try {
    auto second = ptr->gradient(y, x);  // expect: tape-nonpersistent-reuse
  } catch (const tp::TapeReuseError&) {
  }
  return first ? 0 : 1;
}
