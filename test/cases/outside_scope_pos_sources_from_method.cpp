// tape-op-outside-scope, positive: the sources come from a model method that
// returns a braced list of its variables (TensorFlow's trainable_variables);
// the generator ran before the scope.
#include <tape/tape.hpp>
#include <vector>

struct Gen {
  tape::Variable a{0.5}, b{0.1};
  tape::Tensor operator()(const tape::Tensor& z) const { return a * z + b; }
  std::vector<tape::Tensor> vars() const { return {a, b}; }
};

int main() {
  Gen G;
  tape::Tensor z(0.7);
  tape::GradientTape t;
  tape::Tensor fake = G(z);
  tape::Tensor loss;
  {
    auto s = t.record();
    loss = tape::square(fake - 1.0);
  }
  auto gs = t.gradient(loss, G.vars());  // expect: tape-op-outside-scope
  return gs[0] ? 1 : 0;
}
