// tape-nonpersistent-reuse, negative: a switch whose cases each take one
// gradient() and break.
#include <optional>
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  std::optional<tape::Tensor> g;
  switch (argc) {
    case 1:
      g = tape.gradient(y, x);
      break;
    case 2:
      g = tape.gradient(y, x);
      break;
    default:
      g = tape.gradient(y, x);
      break;
  }
  return g ? 0 : 1;
}
