// tape-persistent-not-released, negative: an exception thrown and caught
// while the tape (declared outside the try) stays alive; released after.
#include <stdexcept>
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  bool caught = false;
  try {
    if (argc > 0) throw std::runtime_error("skip");
  } catch (const std::runtime_error&) {
    caught = true;
  }
  auto g = tape.gradient(y, x);
  tape.release();
  return g && caught ? 0 : 1;
}
