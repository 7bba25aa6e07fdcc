// tape-op-outside-scope, positive: a scope bound to a const reference (a
// lifetime-extended temporary) is unwound by the exception like a variable.
#include <tape/tape.hpp>
#include <stdexcept>

int main(int argc, char**) {
  tape::Variable x(1.5);
  tape::GradientTape tape;
  tape::Tensor y;
  try {
    const auto& scope = tape.record();
    y = x * x;
    if (argc > 0) throw std::runtime_error("stop");
  } catch (const std::runtime_error&) {
  }
  tape::Tensor z = y * 3.0;
  auto g = tape.gradient(z, x);  // expect: tape-op-outside-scope
  return g ? 1 : 0;
}
