// tape-nonpersistent-reuse, positive: a lambda that takes the gradient of a
// captured non-persistent tape, invoked twice.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto grad = [&] { return tape.gradient(y, x); };  // expect: tape-nonpersistent-reuse
  auto first = grad();
  try {
    auto second = grad();
  } catch (const tape::TapeReuseError&) {
  }
  return first ? 0 : 1;
}
