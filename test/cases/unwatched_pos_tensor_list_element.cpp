// tape-unwatched-source, positive: tensors made in a braced std::vector are
// constants of their own; watching in[0] does not watch in[1].
#include <tape/tape.hpp>
#include <vector>

int main() {
  std::vector<tape::Tensor> in{tape::Tensor(1.5), tape::Tensor(2.5)};
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
