// tape-unwatched-source, positive: a constant tensor at namespace scope is a
// root constant to every tape; this one is never watched.
#include <tape/tape.hpp>

static const tape::Tensor kScale(2.0);

int main() {
  tape::Variable w(0.5);
  tape::GradientTape t;
  tape::Tensor loss;
  {
    auto s = t.record();
    loss = w * kScale;
  }
  auto g = t.gradient(loss, kScale);  // expect: tape-unwatched-source
  return g ? 1 : 0;
}
