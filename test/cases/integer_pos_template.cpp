// tape-integer-source, positive: a function template instantiated with int.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

template <class T>
bool has_gradient(T init) {
  GradientTape tape;
  Variable v(init);
  Tensor z;
  {
    auto scope = tape.record();
    z = v * v;
  }
  return tape.gradient(z, v).has_value();  // expect: tape-integer-source
}

int main() { return has_gradient(5) ? 1 : 0; }
