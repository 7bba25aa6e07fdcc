// tape-unwatched-source, positive: the constants are fields of a plain
// struct; only one of them is watched, and the gradient asks for the other.
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
    tape.watch(in.a);
    z = in.a * in.b;
  }
  auto g = tape.gradient(z, in.b);  // expect: tape-unwatched-source
  return g ? 1 : 0;
}
