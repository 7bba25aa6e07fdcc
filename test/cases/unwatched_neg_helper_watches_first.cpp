// tape-unwatched-source, negative: helpers of the same file watch the
// constants (one by one, and a struct of them) before they are used.
#include <tape/tape.hpp>

struct Inputs {
  tape::Tensor a;
  tape::Tensor b;
};

void watch_input(tape::GradientTape& t, const tape::Tensor& c) { t.watch(c); }
void watch_inputs(tape::GradientTape& t, const Inputs& in) {
  t.watch(in.a);
  t.watch(in.b);
}

int main() {
  tape::Tensor a(1.5), b(2.5);
  Inputs in{tape::Tensor(0.5), tape::Tensor(3.0)};
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    watch_input(tape, a);
    watch_input(tape, b);
    watch_inputs(tape, in);
    z = a * b + in.a * in.b;
  }
  auto g = tape.gradient(z, {a, b, in.a, in.b});
  return g[0] && g[1] && g[2] && g[3] ? 0 : 1;
}
