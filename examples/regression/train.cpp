// Each planted misuse is marked "PLANTED <check> (<expected state>)":
//   confirmed     the analyzer flags it and the example's tests run it;
//   static only   the analyzer flags it, the tests never run it;
//   runtime only  the tests run it, the analyzer cannot see it.
#include "train.hpp"

#include <cmath>

namespace regression {

Gradients linear_gradients(LinearModel& model, const Dataset& data) {
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto scope = tape.record();
    loss = mse(model.predict(data.x), data.y);
  }
  Gradients g;
  g.w = tape.gradient(loss, model.weights(), tape::Unconnected::zero);
  try {
    // PLANTED tape-nonpersistent-reuse (confirmed): a non-persistent tape
    // answers one gradient() only; ask for {w, b} at once instead.
    g.b = tape.gradient(loss, model.bias(), tape::Unconnected::zero);
  } catch (const tape::TapeReuseError&) {
    // The fallback hides the bug from every test: it records the whole
    // forward pass a second time.
    tape::GradientTape again;
    tape::Tensor loss2;
    {
      auto scope = again.record();
      loss2 = mse(model.predict(data.x), data.y);
    }
    g.b = again.gradient(loss2, model.bias(), tape::Unconnected::zero);
  }
  return g;
}

double sgd_step(LinearModel& model, const Dataset& data, double learning_rate) {
  const double before = mse(model.predict(data.x), data.y).item();
  const Gradients g = linear_gradients(model, data);
  model.weights().assign_sub(g.w * learning_rate);
  model.bias().assign_sub(g.b * learning_rate);
  return before;
}

double fit_linear(LinearModel& model, const Dataset& data, const TrainConfig& config) {
  const LossFn loss_fn = loss_by_name(config.loss);
  const std::unique_ptr<Regularizer> regularizer = make_regularizer(config.regularizer, config.strength);
  double last = 0.0;
  for (int epoch = 0; epoch < config.epochs; ++epoch) {
    // PLANTED tape-persistent-not-released (runtime only): with keep_tape
    // read as true from the config file, every epoch's persistent tape is
    // destroyed unreleased. Whether it is persistent is a value read from
    // input, which the analyzer cannot know.
    tape::GradientTape tape({.persistent = config.keep_tape});
    tape::Tensor loss;
    {
      auto scope = tape.record();
      loss = loss_fn(model.predict(data.x), data.y);
      if (regularizer) loss = loss + regularizer->penalty(model.weights());
    }
    // PLANTED tape-raw-array-mixing (runtime only, with regularizer =
    // clipped-l2: the penalty left the tape inside a virtual call, see
    // regularizers.cpp) and tape-non-differentiable-path (runtime only, with
    // loss = sign: sign() has no gradient, reached through a function
    // pointer). Both are reported here, at the gradient() call.
    auto grads = tape.gradient(loss, {model.weights(), model.bias()});
    last = loss.item();
    if (grads[0]) model.weights().assign_sub(*grads[0] * config.learning_rate);
    if (grads[1]) model.bias().assign_sub(*grads[1] * config.learning_rate);
  }
  return last;
}

double fit_logistic(LogisticModel& model, const Dataset& data, int epochs, double learning_rate) {
  constexpr double calibration = 0.5;
  const double base_rate = tape::mean(data.y).item();
  double last = 0.0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    // PLANTED tape-persistent-not-released (confirmed): persistent, so that
    // it can answer two gradient() calls, and never released.
    tape::GradientTape tape({.persistent = true});
    auto scope = tape.record();
    // The forward pass, spelled out (LogisticModel::probability does the same).
    const tape::Tensor column = tape::reshape(model.weights(), {data.features, 1});
    const tape::Tensor logits = tape::reshape(tape::matmul(data.x, column), {-1}) + model.bias();
    const tape::Tensor probability = tape::sigmoid(logits);
    const tape::Tensor cross_entropy = binary_cross_entropy(probability, data.y);
    // Meant to keep the mean predicted probability near the base rate. But
    // the mean leaves the tape through item() and comes back as a constant:
    // the calibration term adds nothing to the gradient.
    const double mean_probability = tape::mean(probability).item();
    const tape::Tensor loss = cross_entropy + calibration * tape::square(tape::Tensor(mean_probability) - base_rate);
    // PLANTED tape-gradient-in-scope (confirmed): `scope` is still alive, so
    // this persistent tape records its own backward pass. Also PLANTED
    // tape-raw-array-mixing (confirmed; the runtime's evidence is only a
    // matching value, the analyzer sees the data flow): the item() above.
    const tape::Tensor gw = tape.gradient(loss, model.weights(), tape::Unconnected::zero);
    // PLANTED tape-gradient-in-scope and tape-raw-array-mixing (confirmed),
    // as above.
    const tape::Tensor gb = tape.gradient(loss, model.bias(), tape::Unconnected::zero);
    model.weights().assign_sub(gw * learning_rate);
    model.bias().assign_sub(gb * learning_rate);
    last = cross_entropy.item();
  }
  return last;
}

std::vector<double> input_sensitivity(const LinearModel& model, const std::vector<double>& features) {
  const tape::Tensor x(features);
  tape::GradientTape tape;
  auto scope = tape.record();
  // The prediction for one row, x . w + b, spelled out (the bias does not
  // change d / d x, so it is left out).
  const tape::Tensor out = tape::sum(x * model.weights());
  // PLANTED tape-unwatched-source (confirmed): `x` is a constant and was
  // never watched (tape.watch(x) before its use), so the gradient is
  // missing and this returns zeros. The example's test only checks the size.
  const std::optional<tape::Tensor> g = tape.gradient(out, x);
  if (!g) return std::vector<double>(features.size(), 0.0);
  return g->to_vector();
}

std::vector<double> row_gradient(const std::vector<double>& weights, double bias,
                                 const std::vector<double>& features, double label) {
  tape::GradientTape tape({.persistent = true});
  std::vector<tape::Scalar> w(weights.begin(), weights.end());
  tape::Scalar b = bias;
  tape::Scalar residual = -label;
  {
    auto scope = tape.record();
    for (tape::Scalar& wi : w) tape.watch(wi);
    tape.watch(b);
    for (std::size_t i = 0; i < features.size(); ++i) residual += w[i] * features[i];
    residual += b;
  }
  // The square belongs inside the scope: it runs after the scope closed, so
  // the tape never sees it and both gradients below come back empty (zeros
  // here). The example's test only checks the size.
  const tape::Scalar loss = tape::square(residual);
  std::vector<double> g;
  // PLANTED tape-op-outside-scope (runtime only): the sources are a list
  // built from iterators, which the analyzer does not follow element by
  // element.
  for (const std::optional<double>& d : tape.gradient(loss, w)) g.push_back(d.value_or(0.0));
  // PLANTED tape-op-outside-scope (confirmed): the same broken path, for b.
  g.push_back(tape.gradient(loss, b).value_or(0.0));
  tape.release();
  return g;
}

std::vector<double> gradient_norms(LinearModel& model, const Dataset& data) {
  tape::GradientTape tape({.persistent = true});
  tape::Tensor loss;
  {
    auto scope = tape.record();
    loss = mse(model.predict(data.x), data.y);
  }
  const tape::Tensor gw = tape.gradient(loss, model.weights(), tape::Unconnected::zero);
  tape.release();
  // PLANTED tape-use-after-release (static only): the tape was released one
  // line up; this throws tape::TapeReleasedError. Only the demo's --report
  // runs it.
  const tape::Tensor gb = tape.gradient(loss, model.bias(), tape::Unconnected::zero);
  return {std::sqrt(tape::sum(tape::square(gw)).item()), std::sqrt(tape::square(gb).item())};
}

double fit_rescaled(LinearModel& model, const Dataset& data, double scale, int epochs,
                    double learning_rate) {
  const tape::Tensor x = data.x * scale;
  double last = 0.0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    // The weights are rescaled before the tape starts recording.
    const tape::Tensor w = model.weights() / scale;
    tape::GradientTape tape;
    tape::Tensor loss;
    {
      auto scope = tape.record();
      const tape::Tensor column = tape::reshape(w, {model.features(), 1});
      const tape::Tensor prediction = tape::reshape(tape::matmul(x, column), {-1}) + model.bias();
      loss = tape::mean(tape::square(prediction - data.y));
    }
    // PLANTED tape-op-outside-scope (static only): `w / scale` ran before
    // record(), so the gradient with respect to the weights is missing (only
    // the bias would train). Only the demo's --report runs it.
    const auto grads = tape.gradient(loss, {model.weights(), model.bias()});
    if (grads[0]) model.weights().assign_sub(*grads[0] * learning_rate);
    if (grads[1]) model.bias().assign_sub(*grads[1] * learning_rate);
    last = loss.item();
  }
  return last;
}

double warmup_slope(int warmup_steps, double base_rate) {
  tape::Variable steps(warmup_steps);
  tape::GradientTape tape;
  tape::Tensor rate;
  {
    auto scope = tape.record();
    // i64 arithmetic with a double throws, hence the cast; the cast does not
    // make `steps` itself differentiable.
    rate = base_rate / (tape::cast(steps, tape::DType::f64) + 1.0);
  }
  // PLANTED tape-integer-source (static only): `steps` was made from an int,
  // so it is an i64 Variable, which has no gradient (Variable(double(n))
  // would have one). Only the demo's --report runs it.
  const tape::Tensor slope = tape.gradient(rate, steps, tape::Unconnected::zero);
  return slope.item();
}

}  // namespace regression
