// tape-raw-array-mixing, negative: a loss exported from one tape scales the
// same loss on a second tape; to the second tape it is a constant of an
// earlier recording, as to the runtime.
#include <tape/tape.hpp>

int main() {
  tape::Variable w(0.5);
  tape::GradientTape t1;
  tape::Tensor l1;
  { auto s = t1.record(); l1 = tape::square(w * 1.3 - 0.7); }
  auto g1 = t1.gradient(l1, w);
  double scale = l1.item();
  tape::GradientTape t2;
  tape::Tensor l2;
  { auto s = t2.record(); l2 = tape::square(w * 1.3 - 0.7) * scale; }
  auto g2 = t2.gradient(l2, w);
  return g1 && g2 ? 0 : 1;
}
