// tape-nonpersistent-reuse, negative: persistence comes from a constexpr
// TapeOptions constant; the tape may answer twice (and is released).
#include <tape/tape.hpp>

constexpr tape::TapeOptions kKeepRecording{.persistent = true};

int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape(kKeepRecording);
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g1 = tape.gradient(y, x);
  auto g2 = tape.gradient(y, x);
  tape.release();
  return g1 && g2 ? 0 : 1;
}
