// tape-gradient-in-scope, negative: the recording scope declared in an if
// statement's init is unwound by the exception thrown in its branch, before
// the handler and the code after the try run.
#include <tape/tape.hpp>
#include <stdexcept>

int main(int argc, char**) {
  tape::Variable x(1.5);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  try {
    if (auto scope = tape.record(); argc > 0) {
      y = x * x;
      throw std::runtime_error("stop");
    }
  } catch (const std::runtime_error&) {
    auto g = tape.gradient(y, x);
  }
  auto g = tape.gradient(y, x);
  tape.release();
  return 0;
}
