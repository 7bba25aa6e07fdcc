// tape-gradient-in-scope, negative: an exception thrown inside the recording
// scope unwinds it before the handler runs, so the gradient() after the
// try/catch is outside the scope (the CFG has no destructor on the throw edge).
#include <tape/tape.hpp>
#include <stdexcept>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  try {
    auto scope = tape.record();
    y = x * x;
    if (argc > 0) throw std::runtime_error("bad batch");
  } catch (const std::runtime_error&) {
  }
  auto g = tape.gradient(y, x);
  tape.release();
  return g ? 0 : 1;
}
