// tape-integer-source, positive: an element of a braced std::array of
// variables made from an integer.
#include <tape/tape.hpp>
#include <array>

int main() {
  std::array<tape::Variable, 2> params{tape::Variable(1.0), tape::Variable(0)};
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = params[0] * tape::cast(params[1], tape::DType::f64);
  }
  auto g = tape.gradient(z, params[1]);  // expect: tape-integer-source
  return g ? 1 : 0;
}
