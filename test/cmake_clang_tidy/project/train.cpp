#include <tape/tape.hpp>

double step(tape::Variable& w) {
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto scope = tape.record();
    loss = tape::square(w - 3.0);
  }
  auto g = tape.gradient(loss, w);
  auto again = tape.gradient(loss, w);
  return g && again ? g->item() : 0.0;
}
