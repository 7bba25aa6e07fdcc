// tape-integer-source, negative: the template instantiated with double.
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
  return tape.gradient(z, v).has_value();
}

int main() { return has_gradient(5.0) ? 0 : 1; }
