// tape-persistent-not-released, positive: an exception thrown inside the
// tape's scope (thrown here) destroys it before the release().
#include <stdexcept>
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  bool caught = false;
  try {
    tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
    tape::Tensor y;
    {
      auto scope = tape.record();
      y = x * x;
    }
    auto g = tape.gradient(y, x);
    if (argc > 0) throw std::runtime_error("give up");
    tape.release();
  } catch (const std::runtime_error&) {
    caught = true;
  }
  return caught ? 0 : 1;
}
