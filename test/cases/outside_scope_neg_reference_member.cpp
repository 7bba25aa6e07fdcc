// tape-op-outside-scope, negative: a trainer object holds a reference to the
// tape and opens the recording scope in its member function; the tape is
// the caller's tape.
#include <tape/tape.hpp>

using tape::GradientTape;
using tape::Tensor;
using tape::Variable;

struct Trainer {
  GradientTape& tape;
  Tensor step(const Variable& w) {
    auto scope = tape.record();
    return tape::square(w - 1.0);
  }
};

int main() {
  GradientTape tape;
  Variable w(3.0);
  Trainer trainer{tape};
  Tensor loss = trainer.step(w);
  auto g = tape.gradient(loss, w);
  return g.has_value() ? 0 : 1;
}
