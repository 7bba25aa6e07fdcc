// tape-nonpersistent-reuse, negative: persistence decided at run time (here
// true) is unknown to the analysis, which stays silent rather than guess.
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = argc > 0});
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
