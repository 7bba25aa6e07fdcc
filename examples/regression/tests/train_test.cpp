// The example's training tests. They pass. The misuse they run (see the
// PLANTED comments in train.cpp and regularizers.cpp) shows up only in the
// runtime's events and in tape-confirm's table.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "data.hpp"
#include "model.hpp"
#include "train.hpp"

namespace regression {
namespace {

TrainConfig config_from(const std::string& text) {
  std::istringstream in(text);
  return parse_config(in);
}

TEST(Sgd, RecoversTheTrueWeights) {
  const Dataset d = make_linear_data(100, {2.0, -1.0}, 0.5, 0.0, 1);
  LinearModel m(2);
  for (int i = 0; i < 300; ++i) sgd_step(m, d, 0.3);
  const std::vector<double> w = m.weights().to_vector();
  EXPECT_NEAR(w[0], 2.0, 1e-3);
  EXPECT_NEAR(w[1], -1.0, 1e-3);
  EXPECT_NEAR(m.bias().item(), 0.5, 1e-3);
}

TEST(FitLinear, ReducesTheLossWithEachConfiguredLoss) {
  const Dataset d = make_linear_data(80, {1.0, 3.0}, -1.0, 0.1, 2);
  for (const char* loss : {"mse", "huber"}) {
    LinearModel m(2);
    const double before = mse(m.predict(d.x), d.y).item();
    fit_linear(m, d, config_from(std::string("epochs = 60\nlearning_rate = 0.2\nloss = ") + loss));
    EXPECT_LT(mse(m.predict(d.x), d.y).item(), before / 10) << loss;
  }
}

TEST(FitLinear, AcceptsTheSignLoss) {
  // A metric-like loss: this test only checks that training runs and leaves
  // finite weights (it does; they never move).
  const Dataset d = make_linear_data(40, {1.0}, 0.0, 0.0, 3);
  LinearModel m(1);
  fit_linear(m, d, config_from("epochs = 3\nloss = sign\n"));
  for (double w : m.weights().to_vector()) EXPECT_TRUE(std::isfinite(w));
}

TEST(FitLinear, KeepsTapesAndRegularizesWhenConfigured) {
  // keep_tape and clipped-l2 come from a config file, as in the demo.
  const Dataset d = make_linear_data(80, {0.5, -0.5}, 0.0, 0.05, 4);
  LinearModel m(2);
  const double before = mse(m.predict(d.x), d.y).item();
  const double after = fit_linear(
      m, d, config_from("epochs = 40\nlearning_rate = 0.2\nregularizer = clipped-l2\nstrength = 0.01\nkeep_tape = true\n"));
  EXPECT_LT(after, before);
}

TEST(FitLogistic, SeparatesTwoClasses) {
  const Dataset d = make_classification_data(200, {1.0, -1.0}, 0.0, 5);
  LogisticModel m(2);
  const double loss = fit_logistic(m, d, 60, 0.5);
  EXPECT_LT(loss, 0.4);
  EXPECT_GT(m.accuracy(d.x, d.y), 0.9);
}

TEST(InputSensitivity, HasOneEntryPerFeature) {
  // Too weak on purpose: it would pass with all zeros (and it does).
  LinearModel m(3);
  m.weights().assign(tape::Tensor{1.0, 2.0, 3.0});
  EXPECT_EQ(input_sensitivity(m, {0.1, 0.2, 0.3}).size(), 3u);
}

TEST(RowGradient, HasOneEntryPerWeightAndTheBias) {
  // Too weak on purpose: it would pass with all zeros (and it does).
  EXPECT_EQ(row_gradient({0.5, -0.25}, 0.1, {1.0, 2.0}, 0.3).size(), 3u);
}

}  // namespace
}  // namespace regression
