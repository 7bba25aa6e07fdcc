// A module that embeds the runtime, for LoadingTest: programs load such
// modules with dlopen (a Python extension, a plugin), so the runtime's
// thread-locals must not need the static TLS block.
#include <tape/tape.hpp>

extern "C" double tape_plugin_gradient() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  return tape.gradient(y, x)->item();
}
