// Linear and logistic regression on the tape runtime, with the losses and
// weight penalties the trainers choose from at run time.
#pragma once

#include <tape/tape.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace regression {

// y = x . w + b
class LinearModel {
 public:
  explicit LinearModel(std::int64_t features);

  // x is [rows, features]; the result is [rows].
  tape::Tensor predict(const tape::Tensor& x) const;

  tape::Variable& weights() { return w_; }
  tape::Variable& bias() { return b_; }
  const tape::Variable& weights() const { return w_; }
  const tape::Variable& bias() const { return b_; }
  std::int64_t features() const { return features_; }

 private:
  std::int64_t features_;
  tape::Variable w_;  // [features], starts at zero
  tape::Variable b_;  // scalar, starts at zero
};

// p(y = 1 | x) = sigmoid(x . w + b)
class LogisticModel {
 public:
  explicit LogisticModel(std::int64_t features) : linear_(features) {}

  tape::Tensor probability(const tape::Tensor& x) const { return tape::sigmoid(linear_.predict(x)); }
  // The fraction of rows whose rounded probability equals the label.
  double accuracy(const tape::Tensor& x, const tape::Tensor& y) const;

  tape::Variable& weights() { return linear_.weights(); }
  tape::Variable& bias() { return linear_.bias(); }

 private:
  LinearModel linear_;
};

// Losses: the mean over rows.
tape::Tensor mse(const tape::Tensor& prediction, const tape::Tensor& target);
// Pseudo-Huber with threshold delta: quadratic near zero, linear far away.
tape::Tensor pseudo_huber(const tape::Tensor& prediction, const tape::Tensor& target);
// 1 - mean(sign(prediction) * sign(target)): how often the signs disagree.
tape::Tensor sign_disagreement(const tape::Tensor& prediction, const tape::Tensor& target);
tape::Tensor binary_cross_entropy(const tape::Tensor& probability, const tape::Tensor& label);

using LossFn = tape::Tensor (*)(const tape::Tensor& prediction, const tape::Tensor& target);
// "mse", "huber" or "sign"; throws std::invalid_argument for anything else.
LossFn loss_by_name(const std::string& name);

// A penalty on the weights, added to the loss.
class Regularizer {
 public:
  virtual ~Regularizer() = default;
  virtual tape::Tensor penalty(const tape::Tensor& weights) const = 0;
  virtual std::string name() const = 0;
};

// "none" (nullptr), "l2" or "clipped-l2"; throws std::invalid_argument otherwise.
std::unique_ptr<Regularizer> make_regularizer(const std::string& name, double strength);

}  // namespace regression
