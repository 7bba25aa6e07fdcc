// tape-unwatched-source, positive: watch_accessed_variables = false, the
// std::vector<Variable> is built from temporaries, only the first is watched.
#include <tape/tape.hpp>

int main() {
  std::vector<tape::Variable> params{tape::Variable(1.0), tape::Variable(2.0)};
  tape::GradientTape tape({.watch_accessed_variables = false});
  tape::Tensor loss;
  {
    auto scope = tape.record();
    tape.watch(params[0]);
    loss = params[0] * params[1];
  }
  auto g = tape.gradient(loss, params);  // expect: tape-unwatched-source
  return (g[0] && !g[1]) ? 0 : 1;
}
