// tape-op-outside-scope, positive: both branches compute the intermediate
// before the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

int main(int argc, char**) {
  GradientTape tape;
  Variable x(4.0);
  Tensor y;
  if (argc > 5)
    y = x * x;
  else
    y = x - 1.0;
  Tensor z;
  {
    auto scope = tape.record();
    z = y * y;
  }
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
