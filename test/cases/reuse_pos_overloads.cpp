// tape-nonpersistent-reuse, positive: the list-of-sources overload first,
// then the Unconnected overload; any overload counts as a gradient().
#include <vector>
#include <tape/tape.hpp>

int main() {
  tape::Variable a(1.0);
  tape::Variable b(2.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = a * b;
  }
  auto both = tape.gradient(y, std::vector<tape::Tensor>{a, b});
  try {
    tape::Tensor da = tape.gradient(y, a, tape::Unconnected::zero);  // expect: tape-nonpersistent-reuse
  } catch (const tape::TapeReuseError&) {
  }
  return both.size() == 2 && both[0] && both[1] ? 0 : 1;
}
