// tape-persistent-not-released, negative: each branch releases the tape.
#include <optional>
#include <tape/tape.hpp>

int main(int argc, char**) {
  tape::Variable x(3.0);
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  std::optional<tape::Tensor> g;
  if (argc > 0) {
    g = tape.gradient(y, x);
    tape.release();
  } else {
    tape.release();
  }
  return g ? 0 : 1;
}
