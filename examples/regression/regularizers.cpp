// Weight penalties. They are called through Regularizer's virtual penalty(),
// so the trainer's gradient() call cannot see what they do.
#include <algorithm>
#include <stdexcept>

#include "model.hpp"

namespace regression {

namespace {

// strength * sum(w^2): correct, every operation stays on the tape.
class L2Penalty final : public Regularizer {
 public:
  explicit L2Penalty(double strength) : strength_(strength) {}
  tape::Tensor penalty(const tape::Tensor& weights) const override {
    return tape::sum(tape::square(weights)) * strength_;
  }
  std::string name() const override { return "l2"; }

 private:
  double strength_;
};

// strength * sum(clip(w, -1, 1)^2): meant to stop the penalty from
// dominating when a weight is legitimately large.
class ClippedL2Penalty final : public Regularizer {
 public:
  explicit ClippedL2Penalty(double strength) : strength_(strength) {}
  tape::Tensor penalty(const tape::Tensor& weights) const override {
    // PLANTED tape-raw-array-mixing (runtime only): the weights leave the
    // tape through to_vector(), are clipped in plain C++, and come back as a
    // constant, so the penalty contributes nothing to d loss / d w. The
    // runtime reports it at the trainer's gradient() call (train.cpp,
    // fit_linear); the analyzer cannot follow the virtual call to here.
    std::vector<double> clipped = weights.to_vector();
    for (double& v : clipped) v = std::clamp(v, -1.0, 1.0);
    return tape::sum(tape::square(tape::Tensor(clipped))) * strength_;
  }
  std::string name() const override { return "clipped-l2"; }

 private:
  double strength_;
};

}  // namespace

std::unique_ptr<Regularizer> make_regularizer(const std::string& name, double strength) {
  if (name == "none") return nullptr;
  if (name == "l2") return std::make_unique<L2Penalty>(strength);
  if (name == "clipped-l2") return std::make_unique<ClippedL2Penalty>(strength);
  throw std::invalid_argument("unknown regularizer '" + name + "' (none, l2, clipped-l2)");
}

}  // namespace regression
