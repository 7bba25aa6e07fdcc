// tape-op-outside-scope, negative: an RAII class holds the RecordingScope
// as a member, opened in its constructor; the forward pass runs while an
// object of it lives. The analysis cannot tell which tape such a member
// records, and stays silent while it lives.
#include <tape/tape.hpp>

struct Recorder {
  tape::RecordingScope scope;
  explicit Recorder(tape::GradientTape& t) : scope(t.record()) {}
};

struct Model {
  tape::Variable w{0.5};
  tape::Tensor forward(const tape::Tensor& x) const { return tape::tanh(x * w); }
};

int main() {
  Model m;
  const tape::Tensor x{1.0, 2.0};
  tape::GradientTape tape;
  tape::Tensor y;
  {
    Recorder rec(tape);
    y = tape::sum(m.forward(x));
  }
  auto g = tape.gradient(y, m.w);
  return g ? 0 : 1;
}
