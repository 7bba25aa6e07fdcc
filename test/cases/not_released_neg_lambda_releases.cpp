// tape-persistent-not-released, negative: a lambda called on every path
// releases the tape.
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  auto cleanup = [&] { tape.release(); };
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  if (argc > 0) {
    cleanup();
    return g ? 0 : 1;
  }
  cleanup();
  return 1;
}
