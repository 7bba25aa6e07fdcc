// tape-gradient-in-scope, negative: the recording scope was moved into a
// variable of an inner block, whose end ends it; the moved-from one holds
// nothing.
#include <tape/tape.hpp>
#include <utility>

int main() {
  tape::Variable x(1.5);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  auto scope = tape.record();
  y = x * x;
  { auto taken = std::move(scope); }
  auto g = tape.gradient(y, x);
  tape.release();
  return g ? 0 : 1;
}
