// tape-unwatched-source, positive: with watch_accessed_variables = false,
// the second variable a layer's vars() returns is never watched.
#include <tape/tape.hpp>
#include <vector>

struct Dense {
  tape::Variable w{0.5}, b{0.1};
  std::vector<tape::Tensor> vars() const { return {w, b}; }
};

int main() {
  Dense d;
  tape::GradientTape t({.watch_accessed_variables = false});
  tape::Tensor loss;
  {
    auto s = t.record();
    t.watch(d.w);
    loss = d.w * d.b * 2.0;
  }
  auto gs = t.gradient(loss, d.vars());  // expect: tape-unwatched-source
  return gs[0] ? 0 : 1;
}
