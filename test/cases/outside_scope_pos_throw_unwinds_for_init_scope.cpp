// tape-op-outside-scope, positive: the exception thrown in the loop unwinds
// the scope declared in the for statement's init; the operation after the
// try/catch runs outside it.
#include <tape/tape.hpp>
#include <stdexcept>

int main(int argc, char**) {
  tape::Variable x(1.5);
  tape::GradientTape tape;
  tape::Tensor y;
  try {
    for (auto scope = tape.record(); argc > 0;) {
      y = x * x;
      throw std::runtime_error("stop");
    }
  } catch (const std::runtime_error&) {
  }
  tape::Tensor z = y * 3.0;
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g ? 1 : 0;
}
