// tape-gradient-in-scope, negative: persistence decided at run time (false
// here) is unknown to the analysis, which stays silent; the runtime sees a
// non-persistent tape.
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = argc < 0});
  bool ok = false;
  {
    auto scope = tape.record();
    auto y = x * x;
    ok = tape.gradient(y, x).has_value();
  }
  return ok ? 0 : 1;
}
