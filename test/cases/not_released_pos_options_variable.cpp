// tape-persistent-not-released, positive: persistence comes from a local
// TapeOptions variable that is never modified after its initialisation.
#include <tape/tape.hpp>

int main() {
  tape::Variable x(3.0);
  tape::TapeOptions options{.persistent = true};
  tape::GradientTape tape(options);  // expect: tape-persistent-not-released
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  return g ? 0 : 1;
}
