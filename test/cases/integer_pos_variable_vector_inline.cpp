// tape-integer-source, positive: the parameters are a std::vector<Variable>
// built from temporaries; the bias is Variable(0), an i64 variable.
#include <tape/tape.hpp>

int main() {
  std::vector<tape::Variable> params{tape::Variable(1.0), tape::Variable(0)};
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto scope = tape.record();
    loss = tape::square(params[0] * 2.0 + tape::cast(params[1], tape::DType::f64));
  }
  auto g = tape.gradient(loss, params);  // expect: tape-integer-source
  return (g[0] && !g[1]) ? 0 : 1;
}
