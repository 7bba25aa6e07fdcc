#include <gtest/gtest.h>
#include <tape/testing.hpp>

#include "model.hpp"

namespace regression {
namespace {

TEST(LinearModel, PredictsXTimesWPlusB) {
  LinearModel m(2);
  m.weights().assign(tape::Tensor{2.0, -1.0});
  m.bias().assign(tape::Tensor(0.5));
  const tape::Tensor x = tape::Tensor::from_raw(std::vector<double>{1, 2, 3, 4}.data(), {2, 2});
  EXPECT_EQ(m.predict(x).to_vector(), (std::vector<double>{0.5, 2.5}));
}

TEST(Losses, MseAndHuberVanishAtTheTarget) {
  const tape::Tensor y{1.0, -2.0, 3.0};
  EXPECT_DOUBLE_EQ(mse(y, y).item(), 0.0);
  EXPECT_DOUBLE_EQ(pseudo_huber(y, y).item(), 0.0);
  EXPECT_DOUBLE_EQ(mse(tape::Tensor{1.0, 1.0}, tape::Tensor{0.0, 3.0}).item(), 2.5);
}

TEST(Losses, MseGradientIsExactAndRaisesNoEvent) {
  LinearModel m(1);
  const tape::Tensor x = tape::Tensor::from_raw(std::vector<double>{1, 2}.data(), {2, 1});
  const tape::Tensor y{2.0, 4.0};
  EXPECT_NO_TAPE_EVENTS({
    tape::GradientTape tape;
    tape::Tensor loss;
    {
      auto scope = tape.record();
      loss = mse(m.predict(x), y);
    }
    const auto g = tape.gradient(loss, {m.weights(), m.bias()});
    // d/dw mean((w x + b - y)^2) at w = b = 0: mean(-2 x y) = -(2*2 + 2*8)/2
    ASSERT_TRUE(g[0] && g[1]);
    EXPECT_DOUBLE_EQ(g[0]->to_vector()[0], -10.0);
    EXPECT_DOUBLE_EQ(g[1]->item(), -6.0);
  });
}

TEST(Losses, ByName) {
  EXPECT_EQ(loss_by_name("mse"), &mse);
  EXPECT_EQ(loss_by_name("huber"), &pseudo_huber);
  EXPECT_EQ(loss_by_name("sign"), &sign_disagreement);
  EXPECT_THROW(loss_by_name("hinge"), std::invalid_argument);
}

TEST(Regularizers, PenaltyValues) {
  const tape::Tensor w{3.0, -0.5};
  EXPECT_EQ(make_regularizer("none", 1.0), nullptr);
  EXPECT_DOUBLE_EQ(make_regularizer("l2", 0.1)->penalty(w).item(), 0.1 * (9.0 + 0.25));
  // Only the value is tested here; see train_test.cpp for what the runtime
  // says about its gradient.
  EXPECT_DOUBLE_EQ(make_regularizer("clipped-l2", 0.1)->penalty(w).item(), 0.1 * (1.0 + 0.25));
  EXPECT_THROW(make_regularizer("l1", 1.0), std::invalid_argument);
}

TEST(LogisticModel, AccuracyCountsRoundedHits) {
  LogisticModel m(1);
  m.weights().assign(tape::Tensor{10.0});
  const tape::Tensor x = tape::Tensor::from_raw(std::vector<double>{-1, 1, 2, -3}.data(), {4, 1});
  EXPECT_DOUBLE_EQ(m.accuracy(x, tape::Tensor{0.0, 1.0, 1.0, 1.0}), 0.75);
}

}  // namespace
}  // namespace regression
