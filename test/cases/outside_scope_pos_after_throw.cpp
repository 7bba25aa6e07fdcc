// tape-op-outside-scope, positive: the exception unwinds the recording scope;
// the operation after the try/catch runs while the tape does not record.
#include <tape/tape.hpp>
#include <stdexcept>

int main(int argc, char**) {
  tape::Variable x(1.5);
  tape::GradientTape tape;
  tape::Tensor y;
  try {
    auto scope = tape.record();
    y = x * x;
    if (argc > 0) throw std::runtime_error("stop");
  } catch (const std::runtime_error&) {
  }
  tape::Tensor z = y * 3.0;
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g ? 1 : 0;
}
