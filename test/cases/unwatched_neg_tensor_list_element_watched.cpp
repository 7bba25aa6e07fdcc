// tape-unwatched-source, negative: the element of a braced std::vector of
// tensors that the gradient asks about is the one watched.
#include <tape/tape.hpp>
#include <vector>

int main() {
  std::vector<tape::Tensor> in{tape::Tensor(1.5), tape::Tensor(2.5)};
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    tape.watch(in[1]);
    z = in[0] * in[1];
  }
  auto g = tape.gradient(z, in[1]);
  return g ? 0 : 1;
}
