// tape-gradient-in-scope, negative: the gradient() in the catch handler runs
// after unwinding destroyed the recording scope of the try block.
#include <tape/tape.hpp>
#include <stdexcept>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  bool ok = false;
  try {
    auto scope = tape.record();
    y = x * x;
    if (argc > 0) throw std::runtime_error("bad batch");
  } catch (const std::runtime_error&) {
    ok = tape.gradient(y, x).has_value();
  }
  tape.release();
  return ok ? 0 : 1;
}
