// tape-op-outside-scope, positive: a function template instantiated for
// Tensor, called after the scope.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

template <class T>
T scaled(const T& t, double k) {
  return t * k;
}

int main() {
  GradientTape tape;
  Variable x(3.0);
  Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  Tensor loss = scaled(y, 0.5);
  auto g = tape.gradient(loss, x);  // expect: tape-op-outside-scope
  return g.has_value() ? 1 : 0;
}
