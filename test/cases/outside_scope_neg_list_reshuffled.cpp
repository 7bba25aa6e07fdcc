// tape-op-outside-scope, negative: the list of features is reshuffled
// (erase) before its first element is used; the analysis cannot tell which
// feature is first then, and stays silent. At run time the first is made in
// another file, a constant.
#include <tape/tape.hpp>
#include <algorithm>
#include <utility>
tape::Tensor opaque(const tape::Tensor& x);  // defined in another file
int main() {
  tape::Variable w(1.0);
  std::vector<tape::Tensor> feats{w * 3.0, opaque(w)};
  feats.erase(feats.begin());
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto scope = tape.record();
    loss = feats[0] * w;
  }
  auto g = tape.gradient(loss, w);
  return g ? 0 : 1;
}
