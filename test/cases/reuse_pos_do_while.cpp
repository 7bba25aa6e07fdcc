// tape-nonpersistent-reuse, positive: a do-while loop runs its body twice,
// each time asking the same non-persistent tape for a gradient.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  int round = 0;
  int thrown = 0;
  do {
    try {
      auto g = tape.gradient(y, x);  // expect: tape-nonpersistent-reuse
    } catch (const tape::Error& e) {
      thrown += e.check() == tape::checks::nonpersistent_reuse;
    }
  } while (++round < 2);
  return thrown == 1 ? 0 : 1;
}
