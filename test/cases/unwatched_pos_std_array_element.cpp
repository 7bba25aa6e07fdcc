// tape-unwatched-source, positive: the elements of a braced std::array of
// tensors are constants, never watched.
#include <tape/tape.hpp>
#include <array>

int main() {
  std::array<tape::Tensor, 2> in{tape::Tensor(1.5), tape::Tensor(2.5)};
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = in[0] * in[1];
  }
  auto g = tape.gradient(z, in[1]);  // expect: tape-unwatched-source
  return g ? 1 : 0;
}
