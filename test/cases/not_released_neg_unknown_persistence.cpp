// tape-persistent-not-released, negative: persistence decided at run time
// (false here) is unknown to the analysis, which stays silent rather than
// guess; the runtime sees a non-persistent tape.
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = argc < 0});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  return g ? 0 : 1;
}
