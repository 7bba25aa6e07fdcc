// tape-op-outside-scope, negative: the recording scope is moved into an
// optional that outlives its block, so it still records afterwards.
#include <tape/tape.hpp>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

int main() {
  tape::Variable x(1.5);
  tape::GradientTape tape;
  tape::Tensor y, z;
  std::optional<tape::RecordingScope> keep;
  std::vector<tape::RecordingScope> keepv;
  std::unique_ptr<tape::RecordingScope> keepp;
  {
    auto scope = tape.record();
    y = x * x;
    keep.emplace(std::move(scope));
  }
  z = y * 3.0;
  auto g = tape.gradient(z, x);
  return g ? 0 : 1;
}
