// tape-unwatched-source, positive: the elements of a braced C array of
// tensors are constants of their own, never watched.
#include <tape/tape.hpp>

int main() {
  tape::Tensor in[2] = {tape::Tensor(1.5), tape::Tensor(2.5)};
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    tape.watch(in[0]);
    z = in[0] * in[1];
  }
  auto g = tape.gradient(z, in[1]);  // expect: tape-unwatched-source
  return g ? 1 : 0;
}
