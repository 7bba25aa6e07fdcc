// tape-persistent-not-released, positive: a function template (instantiated
// twice) makes a persistent tape and never releases it.
#include <tape/tape.hpp>

template <int Power>
bool slope_of_power(const tape::Variable& x) {
  tape::GradientTape tape({.persistent = true});  // expect: tape-persistent-not-released
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x;
    for (int i = 1; i < Power; ++i) y = y * x;
  }
  return tape.gradient(y, x).has_value();
}

int main() {
  tape::Variable x(3.0);
  return slope_of_power<2>(x) && slope_of_power<3>(x) ? 0 : 1;
}
