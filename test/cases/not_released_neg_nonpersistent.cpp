// tape-persistent-not-released, negative: a non-persistent tape needs no
// release().
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  return g ? 0 : 1;
}
