// tape-gradient-in-scope, negative: a lambda that captures the recording
// scope by reference moves it into its own local, which ends it; the
// gradient() after the call runs outside any scope of the tape.
#include <tape/tape.hpp>
#include <utility>

int main() {
  tape::Variable x(1.5);
  tape::GradientTape tape({.persistent = true});
  bool ok;
  {
    auto scope = tape.record();
    tape::Tensor y = x * x;
    [&] { auto taken = std::move(scope); }();
    ok = tape.gradient(y, x).has_value();
  }
  tape.release();
  return ok ? 0 : 1;
}
