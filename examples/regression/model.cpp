#include "model.hpp"

#include <stdexcept>

namespace regression {

LinearModel::LinearModel(std::int64_t features)
    : features_(features),
      w_(std::vector<double>(static_cast<std::size_t>(features), 0.0)),
      b_(0.0) {}

tape::Tensor LinearModel::predict(const tape::Tensor& x) const {
  const tape::Tensor column = tape::reshape(w_, {features_, 1});
  return tape::reshape(tape::matmul(x, column), {-1}) + b_;
}

double LogisticModel::accuracy(const tape::Tensor& x, const tape::Tensor& y) const {
  // Evaluation only: no tape records here, so leaving the tape is fine.
  const tape::Tensor hits = 1.0 - tape::square(tape::round(probability(x)) - y);
  return tape::mean(hits).item();
}

tape::Tensor mse(const tape::Tensor& prediction, const tape::Tensor& target) {
  return tape::mean(tape::square(prediction - target));
}

tape::Tensor pseudo_huber(const tape::Tensor& prediction, const tape::Tensor& target) {
  constexpr double delta = 1.0;
  const tape::Tensor r = (prediction - target) / delta;
  return tape::mean(tape::sqrt(1.0 + tape::square(r)) - 1.0) * (delta * delta);
}

tape::Tensor sign_disagreement(const tape::Tensor& prediction, const tape::Tensor& target) {
  // Fine as a metric. As a training loss it has no gradient at all: sign()
  // is not differentiable. The trainers pick it by name from a config file,
  // through a function pointer, so no static analysis sees it reach a
  // gradient() (see fit_linear in train.cpp).
  return 1.0 - tape::mean(tape::sign(prediction) * tape::sign(target));
}

tape::Tensor binary_cross_entropy(const tape::Tensor& probability, const tape::Tensor& label) {
  constexpr double eps = 1e-9;
  return -tape::mean(label * tape::log(probability + eps) +
                     (1.0 - label) * tape::log(1.0 - probability + eps));
}

LossFn loss_by_name(const std::string& name) {
  if (name == "mse") return mse;
  if (name == "huber") return pseudo_huber;
  if (name == "sign") return sign_disagreement;
  throw std::invalid_argument("unknown loss '" + name + "' (mse, huber, sign)");
}

}  // namespace regression
