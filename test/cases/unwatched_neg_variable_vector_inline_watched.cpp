// tape-unwatched-source, negative: watch_accessed_variables = false and the
// std::vector<Variable> is built from temporaries, but each element is
// watched before it is used.
#include <tape/tape.hpp>

int main() {
  std::vector<tape::Variable> params{tape::Variable(1.0), tape::Variable(2.0)};
  tape::GradientTape tape({.watch_accessed_variables = false});
  tape::Tensor loss;
  {
    auto scope = tape.record();
    tape.watch(params[0]);
    tape.watch(params[1]);
    loss = params[0] * params[1];
  }
  auto g = tape.gradient(loss, params);
  return (g[0] && g[1]) ? 0 : 1;
}
