// tape-unwatched-source, negative: both constant fields of a plain struct
// are watched before they are used.
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
    tape.watch(in.b);
    z = in.a * in.b;
  }
  auto g = tape.gradient(z, {in.a, in.b});
  return g[0] && g[1] ? 0 : 1;
}
