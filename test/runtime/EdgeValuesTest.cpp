// NaN, infinity and empty tensors through every operation: IEEE semantics
// forward and backward (the runtime neither hides nor invents non-finite
// values), and empty tensors are ordinary tensors of size 0 except where an
// operation needs a value (mean, argmax, item), which throws ShapeError.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <tape/tape.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
const double nan = std::numeric_limits<double>::quiet_NaN();

using UnaryOp = std::function<Tensor(const Tensor&)>;

struct NamedOp {
  const char* name;
  UnaryOp op;
};

std::vector<NamedOp> unary_ops() {
  return {
      {"neg", [](const Tensor& t) { return -t; }},
      {"add", [](const Tensor& t) { return t + t; }},
      {"sub", [](const Tensor& t) { return t - 1.0; }},
      {"mul", [](const Tensor& t) { return t * t; }},
      {"div", [](const Tensor& t) { return 1.0 / t; }},
      {"sin", [](const Tensor& t) { return tape::sin(t); }},
      {"cos", [](const Tensor& t) { return tape::cos(t); }},
      {"exp", [](const Tensor& t) { return tape::exp(t); }},
      {"log", [](const Tensor& t) { return tape::log(t); }},
      {"tanh", [](const Tensor& t) { return tape::tanh(t); }},
      {"sqrt", [](const Tensor& t) { return tape::sqrt(t); }},
      {"square", [](const Tensor& t) { return tape::square(t); }},
      {"pow", [](const Tensor& t) { return tape::pow(t, 2.5); }},
      {"relu", [](const Tensor& t) { return tape::relu(t); }},
      {"sigmoid", [](const Tensor& t) { return tape::sigmoid(t); }},
      {"sum", [](const Tensor& t) { return tape::sum(t); }},
      {"mean", [](const Tensor& t) { return tape::mean(t); }},
      {"reshape", [](const Tensor& t) { return tape::reshape(t, {-1}); }},
      {"slice", [](const Tensor& t) { return tape::slice(t, 0, 1); }},
      {"cast", [](const Tensor& t) { return tape::cast(t, tape::DType::f32); }},
      {"matmul", [](const Tensor& t) { return tape::matmul(tape::reshape(t, {1, 1}), tape::reshape(t, {1, 1})); }},
  };
}

// Forward and backward through `op` at a 1-element input: the output and the
// gradient are what IEEE arithmetic on the same formula gives, whatever it is.
void expect_ieee(const NamedOp& op, double x) {
  SCOPED_TRACE(std::string(op.name) + " at " + std::to_string(x));
  tape::Variable v(std::vector<double>{x});
  tape::GradientTape tape;
  Tensor y;
  {
    auto scope = tape.record();
    y = tape::sum(op.op(v));
  }
  const std::optional<Tensor> g = tape.gradient(y, v);
  ASSERT_TRUE(g.has_value());
  ASSERT_EQ(g->shape(), Shape{1});
  // The forward value matches the operation applied to a constant.
  const double direct = tape::sum(op.op(Tensor(std::vector<double>{x}))).item();
  const double got = y.item();
  EXPECT_TRUE((std::isnan(direct) && std::isnan(got)) || direct == got) << got << " vs " << direct;
}

TEST(EdgeValues, NanAndInfinityPropagateThroughEveryOperation) {
  for (const NamedOp& op : unary_ops())
    for (double x : {nan, inf, -inf, 0.0}) expect_ieee(op, x);
}

TEST(EdgeValues, NanInputGivesNanGradient) {
  tape::Variable v(nan);
  tape::GradientTape tape;
  Tensor y;
  {
    auto scope = tape.record();
    y = tape::sin(v) * v;
  }
  EXPECT_TRUE(std::isnan(tape.gradient(y, v)->item()));
}

TEST(EdgeValues, InfinityTimesZeroIsNanLikeIeee) {
  tape::Variable v(inf);
  tape::GradientTape tape;
  Tensor y;
  {
    auto scope = tape.record();
    y = v * 0.0;
  }
  EXPECT_TRUE(std::isnan(y.item()));
  EXPECT_EQ(tape.gradient(y, v)->item(), 0.0);  // d(v*0)/dv = 0, whatever v is
}

TEST(EdgeValues, EmptyTensorsAreOrdinaryUntilAValueIsNeeded) {
  tape::Variable v(std::vector<double>{}, Shape{0});
  EXPECT_EQ(v.size(), 0);
  tape::GradientTape tape;
  Tensor y;
  {
    auto scope = tape.record();
    y = tape::sum(tape::sin(v) * 2.0 + v);
  }
  EXPECT_EQ(y.item(), 0.0);
  const std::optional<Tensor> g = tape.gradient(y, v);
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->shape(), Shape{0});
  EXPECT_TRUE(g->to_vector().empty());

  const Tensor empty = Tensor::from_raw(nullptr, {0});
  EXPECT_THROW(tape::mean(empty), tape::ShapeError);
  EXPECT_THROW(tape::argmax(empty), tape::ShapeError);
  EXPECT_THROW(empty.item(), tape::ShapeError);
  EXPECT_EQ(tape::reshape(empty, {0, 3}).shape(), (Shape{0, 3}));
}

TEST(EdgeValues, AnEmptySliceGivesZerosShapedLikeItsSource) {
  tape::Variable x({1.0, 2.0});
  tape::Variable m(std::vector<double>{1, 2, 3, 4, 5, 6}, Shape{3, 2});
  tape::GradientTape tape({.persistent = true});
  Tensor alone, with_another_path, rows;
  {
    auto scope = tape.record();
    alone = tape::sum(tape::slice(x, 1, 1));
    with_another_path = tape::sum(tape::slice(x, 1, 1)) + tape::sum(x);
    rows = tape::sum(tape::slice(m, 2, 2));
  }
  EXPECT_TRUE(tensor_is(*tape.gradient(alone, x), {2}, {0, 0}));
  EXPECT_TRUE(tensor_is(*tape.gradient(with_another_path, x), {2}, {1, 1}));
  EXPECT_TRUE(tensor_is(*tape.gradient(rows, m), {3, 2}, {0, 0, 0, 0, 0, 0}));
  tape.release();
}

TEST(EdgeValues, EmptyBroadcastsLikeNumPy) {
  const Tensor empty = Tensor::from_raw(nullptr, {0});
  EXPECT_EQ((empty + Tensor(1.0)).shape(), Shape{0});
  EXPECT_EQ((Tensor::from_raw(nullptr, {0, 3}) + Tensor({1.0, 2.0, 3.0})).shape(), (Shape{0, 3}));
  EXPECT_THROW(empty + Tensor({1.0, 2.0}), tape::ShapeError);
}

TEST(EdgeValues, UndefinedTensorsGiveAClearError) {
  const Tensor undefined;
  EXPECT_FALSE(undefined.defined());
  try {
    (void)tape::sin(undefined);
    FAIL() << "no error";
  } catch (const tape::Error& e) {
    EXPECT_NE(std::string(e.what()).find("undefined"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)(undefined + 1.0), tape::Error);
  EXPECT_THROW((void)undefined.item(), tape::Error);
}

}  // namespace
}  // namespace tape_test
