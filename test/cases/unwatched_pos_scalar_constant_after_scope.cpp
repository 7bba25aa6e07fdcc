// tape-unwatched-source, positive: an unwatched constant used only after the
// scope, then asked about
#include <tape/tape.hpp>
using tape::GradientTape;
using tape::Scalar;
int main() {
  GradientTape tape;
  Scalar x = 1.5, c = 2.5, y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x;
  }
  Scalar z = y * c;
  auto g = tape.gradient(z, c);  // expect: tape-unwatched-source
  return 0;
}
