// tape-unwatched-source, positive: a helper of the same file watches the
// constant, but it is called after the constant's first use in the scope.
#include <tape/tape.hpp>

void watch_input(tape::GradientTape& t, const tape::Tensor& c) { t.watch(c); }

int main() {
  tape::Tensor a(1.5), b(2.5);
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    auto pre = a * b;
    watch_input(tape, a);
    z = pre + a;
  }
  auto g = tape.gradient(z, a);  // expect: tape-unwatched-source
  return g ? 0 : 1;
}
