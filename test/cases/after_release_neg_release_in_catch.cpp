// tape-use-after-release, negative: the release() in the handler runs only
// when the try block throws, and the handler returns.
#include <stdexcept>
#include <tape/tape.hpp>

static bool slope(bool fail) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  try {
    if (fail) throw std::runtime_error("no data");
  } catch (const std::runtime_error&) {
    tape.release();
    return false;
  }
  auto g = tape.gradient(y, x);
  tape.release();
  return g.has_value();
}

int main(int argc, char**) {
  return slope(argc < 0) && !slope(argc > 0) ? 0 : 1;
}
