// tape-unwatched-source, positive: the constants are members of an
// aggregate of inputs; none is ever watched.
#include <tape/tape.hpp>

struct Inputs {
  tape::Tensor a;
  tape::Tensor b;
};

int main() {
  Inputs in{tape::Tensor(1.5), tape::Tensor(2.5)};
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = in.a * in.b;
  }
  auto g = tape.gradient(z, in.a);  // expect: tape-unwatched-source
  return g ? 1 : 0;
}
