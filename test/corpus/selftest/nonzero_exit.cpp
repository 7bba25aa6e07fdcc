// Harness self-test (not a corpus case): no misuse and no marks, so both
// halves agree, but the program exits with status 3; the harness must fail
// the runtime half all the same (cases must exit 0).
#include <tape/tape.hpp>

int main() {
  tape::Variable x(2.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  return g ? 3 : 4;
}
