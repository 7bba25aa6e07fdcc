// tape-unwatched-source, negative: the namespace-scope constant is watched
// inside the scope before its use.
#include <tape/tape.hpp>

static const tape::Tensor kScale(2.0);

int main() {
  tape::Variable w(0.5);
  tape::GradientTape t;
  tape::Tensor loss;
  {
    auto s = t.record();
    t.watch(kScale);
    loss = w * kScale;
  }
  auto g = t.gradient(loss, kScale);
  return g ? 0 : 1;
}
