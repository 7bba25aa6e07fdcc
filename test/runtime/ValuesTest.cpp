// Values: construction and dtypes of tensors and variables, operand checks
// and their error messages, raw exports, variable updates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <tape/tape.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using tape::GradientTape;
using tape::Variable;

TEST(Values, IntegerLiteralIsI64Scalar) {
  const Tensor t(2);
  EXPECT_TRUE(t.defined());
  EXPECT_EQ(t.dtype(), DType::i64);
  EXPECT_EQ(t.shape(), Shape{});
  EXPECT_EQ(t.size(), 1);
  EXPECT_EQ(t.item(), 2.0);
}

TEST(Values, BracedIntegerIsOneDimensionalF64) {
  const Tensor t{2};
  EXPECT_EQ(t.dtype(), DType::f64);
  EXPECT_EQ(t.shape(), Shape{1});
  EXPECT_EQ(values(t), std::vector<double>{2.0});
}

TEST(Values, FloatingScalars) {
  const Tensor d(2.5);
  EXPECT_EQ(d.dtype(), DType::f64);
  EXPECT_EQ(d.shape(), Shape{});
  EXPECT_EQ(d.item(), 2.5);
  const Tensor f(2.5f);
  EXPECT_EQ(f.dtype(), DType::f32);
  EXPECT_EQ(f.item(), 2.5);
  // f32 values are rounded to float.
  EXPECT_EQ(Tensor(0.1f).item(), static_cast<double>(0.1f));
}

TEST(Values, EveryIntegralTypeIsI64) {
  const std::vector<Tensor> ints = {Tensor(2u),       Tensor(std::size_t{3}), Tensor(4L),
                                    Tensor(5LL),      Tensor(6ULL),           Tensor(short{7}),
                                    Tensor(char{8}),  Tensor(std::int8_t{-9}), Tensor(std::uint16_t{10})};
  const std::vector<double> expected = {2, 3, 4, 5, 6, 7, 8, -9, 10};
  for (std::size_t i = 0; i < ints.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(ints[i].dtype(), DType::i64);
    EXPECT_EQ(ints[i].shape(), Shape{});
    EXPECT_EQ(ints[i].item(), expected[i]);
  }
}

TEST(Values, VariableDtypes) {
  EXPECT_EQ(Variable(2).dtype(), DType::i64);
  EXPECT_EQ(Variable(2u).dtype(), DType::i64);
  EXPECT_EQ(Variable(std::size_t{2}).dtype(), DType::i64);
  EXPECT_EQ(Variable(2.0).dtype(), DType::f64);
  EXPECT_EQ(Variable(2.0f).dtype(), DType::f32);
  const Variable v({1.0, 2.0});
  EXPECT_EQ(v.dtype(), DType::f64);
  EXPECT_EQ(v.shape(), Shape{2});
  const Variable m(std::vector<double>{1, 2, 3, 4, 5, 6}, Shape{2, 3});
  EXPECT_EQ(m.shape(), (Shape{2, 3}));
  EXPECT_EQ(m.to_vector(), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  const Variable flat(std::vector<double>{1, 2, 3});
  EXPECT_EQ(flat.shape(), Shape{3});
}

TEST(Values, RawArraysAndVectorsAreCopied) {
  std::vector<double> vec = {1, 2, 3};
  const Tensor from_vec = vec;
  double arr[3] = {4, 5, 6};
  const Tensor from_arr = arr;
  const Tensor from_raw = Tensor::from_raw(arr, {3, 1});
  vec[0] = 100;
  arr[0] = 100;
  EXPECT_EQ(values(from_vec), (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(values(from_arr), (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(from_raw.shape(), (Shape{3, 1}));
  EXPECT_EQ(values(from_raw), (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(from_arr.dtype(), DType::f64);
}

TEST(Values, ViewAliasesCallerMemory) {
  double buf[4] = {1, 2, 3, 4};
  const Tensor v = Tensor::view(buf, {2, 2});
  EXPECT_EQ(v.shape(), (Shape{2, 2}));
  buf[3] = 40;
  EXPECT_EQ(values(v), (std::vector<double>{1, 2, 3, 40}));
  EXPECT_EQ(v.data(), buf);
}

TEST(Values, UndefinedTensor) {
  const Tensor t;
  EXPECT_FALSE(t.defined());
  EXPECT_EQ(t.size(), 0);
  EXPECT_THROW((void)t.item(), tape::Error);
  EXPECT_THROW((void)(t + 1.0), tape::Error);
  EXPECT_THROW((void)tape::sin(t), tape::Error);
}

TEST(Values, ItemNeedsOneValue) {
  try {
    (void)Tensor({1.0, 2.0}).item();
    FAIL() << "item() of two values";
  } catch (const tape::ShapeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("[2]"));
  }
  EXPECT_EQ(Tensor({7.0}).item(), 7.0);
}

TEST(Values, MixedDtypesThrowDTypeErrorNamingThem) {
  const Tensor f = Tensor({1.0, 2.0});
  const Tensor i = Tensor(3);
  try {
    (void)(f * i);
    FAIL() << "f64 * i64 must throw";
  } catch (const tape::DTypeError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("f64"), HasSubstr("i64")));
    EXPECT_TRUE(e.check().empty()) << "a dtype error is no tape misuse";
  }
  EXPECT_THROW((void)(Tensor(2.0f) + Tensor(2.0)), tape::DTypeError);
  EXPECT_THROW((void)tape::matmul(tape::ones({2, 2}), tape::ones({2, 2}, DType::f32)), tape::DTypeError);
  // Variables too.
  Variable x(2.0);
  Variable n(2);
  EXPECT_THROW((void)(x * n), tape::DTypeError);
}

TEST(Values, FloatingOnlyOperationsRejectIntegers) {
  try {
    (void)tape::sin(Tensor(2));
    FAIL() << "sin of an i64 tensor must throw";
  } catch (const tape::DTypeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("i64"));
  }
  EXPECT_THROW((void)tape::exp(Tensor(2)), tape::DTypeError);
  EXPECT_THROW((void)tape::mean(Tensor(2)), tape::DTypeError);
}

TEST(Values, IntegerTensorsStillComputeValues) {
  const Tensor a = Tensor(7) + Tensor(5);
  EXPECT_EQ(a.dtype(), DType::i64);
  EXPECT_EQ(a.item(), 12);
  EXPECT_EQ((Tensor(7) * 3).dtype(), DType::i64);
  EXPECT_EQ((Tensor(7) * 3).item(), 21);
  // A fractional number does not fit next to an i64 tensor.
  EXPECT_THROW((void)(Tensor(7) * 2.5), tape::DTypeError);
}

TEST(Values, PlainNumbersAdaptToTheTensorsDtype) {
  const Tensor x = Tensor({1.0, 2.0});
  EXPECT_EQ((x * 2).dtype(), DType::f64);
  EXPECT_EQ((2 * x).dtype(), DType::f64);
  EXPECT_EQ((x * 2.5f).dtype(), DType::f64);
  EXPECT_EQ(values(x * 2), (std::vector<double>{2, 4}));
  EXPECT_EQ(values(3u - x), (std::vector<double>{2, 1}));
  EXPECT_EQ(values(x / std::size_t{2}), (std::vector<double>{0.5, 1}));
  const Tensor f = tape::cast(x, DType::f32);
  EXPECT_EQ((f * 2.5).dtype(), DType::f32);
  EXPECT_EQ((1.5 + f).dtype(), DType::f32);
  EXPECT_EQ(values(f / 3), (std::vector<double>{static_cast<double>(1.0f / 3.0f),
                                                 static_cast<double>(2.0f / 3.0f)}));
}

TEST(Values, BroadcastingValues) {
  const Tensor col = Tensor::from_raw(std::vector<double>{1, 2, 3}.data(), {3, 1});
  const Tensor row = Tensor::from_raw(std::vector<double>{10, 20, 30, 40}.data(), {1, 4});
  const Tensor s = col + row;
  EXPECT_TRUE(tensor_is(s, {3, 4}, {11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43}));
  const Tensor m = Tensor::from_raw(std::vector<double>{1, 2, 3, 4, 5, 6}.data(), {2, 3});
  EXPECT_TRUE(tensor_is(m * Tensor({1.0, 10.0, 100.0}), {2, 3}, {1, 20, 300, 4, 50, 600}));
  EXPECT_TRUE(tensor_is(Tensor(2.0) - m, {2, 3}, {1, 0, -1, -2, -3, -4}));
  EXPECT_TRUE(tensor_is(tape::sum_to(m, {3}), {3}, {5, 7, 9}));
  EXPECT_TRUE(tensor_is(tape::sum_to(m, {2, 1}), {2, 1}, {6, 15}));
  EXPECT_TRUE(tensor_is(tape::broadcast_to(Tensor({1.0, 2.0}), {2, 2}), {2, 2}, {1, 2, 1, 2}));
}

TEST(Values, MismatchedShapesThrowShapeErrorNamingThem) {
  const Tensor a = tape::ones({2, 3});
  const Tensor b = tape::ones({4});
  try {
    (void)(a + b);
    FAIL() << "[2, 3] + [4] must throw";
  } catch (const tape::ShapeError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("[2, 3]"), HasSubstr("[4]")));
    EXPECT_TRUE(e.check().empty());
  }
  try {
    (void)tape::matmul(tape::ones({2, 3}), tape::ones({2, 3}));
    FAIL() << "matmul [2,3] x [2,3] must throw";
  } catch (const tape::ShapeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("[2, 3]"));
  }
  try {
    (void)tape::reshape(tape::ones({2, 3}), {4, 2});
    FAIL() << "reshape [2,3] to [4,2] must throw";
  } catch (const tape::ShapeError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("[2, 3]"), HasSubstr("[4, 2]")));
  }
  EXPECT_THROW((void)tape::slice(tape::ones({3, 2}), 2, 4), tape::ShapeError);
  EXPECT_THROW((void)tape::slice(Tensor(1.0), 0, 1), tape::ShapeError);
  EXPECT_THROW((void)tape::transpose(tape::ones({3})), tape::ShapeError);
  EXPECT_THROW((void)tape::broadcast_to(tape::ones({3}), {3, 2}), tape::ShapeError);
  EXPECT_THROW((void)tape::sum_to(tape::ones({2, 3}), {2}), tape::ShapeError);
  EXPECT_THROW((void)tape::greater(tape::ones({2}), tape::ones({3})), tape::ShapeError);
}

TEST(Values, AVariableMustFillItsShape) {
  try {
    tape::Variable v(std::vector<double>{1, 2, 3}, Shape{2, 2});
    FAIL() << "3 values cannot fill [2, 2]";
  } catch (const tape::ShapeError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("3 values"), HasSubstr("[2, 2]")));
  }
  EXPECT_THROW(tape::Variable(std::vector<double>{1, 2, 3, 4, 5}, Shape{2, 2}), tape::ShapeError);
  EXPECT_EQ(tape::Variable(std::vector<double>{1, 2, 3, 4}, Shape{2, 2}).shape(), (Shape{2, 2}));
}

TEST(Values, ShapesWithMoreElementsThanAnInt64CountsThrowShapeError) {
  const Shape huge = {std::int64_t{1} << 40, std::int64_t{1} << 30};  // 2^70 elements
  try {
    (void)tape::zeros(huge);
    FAIL() << "2^70 elements must throw";
  } catch (const tape::ShapeError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("zeros"), HasSubstr("1099511627776")));
  }
  EXPECT_THROW((void)tape::ones(huge), tape::ShapeError);
  EXPECT_THROW((void)tape::broadcast_to(Tensor(1.0), huge), tape::ShapeError);
  EXPECT_THROW((void)Tensor::from_raw(nullptr, huge), tape::ShapeError);
  const Tensor empty = Tensor::from_raw(nullptr, {0});
  EXPECT_THROW((void)tape::reshape(empty, huge), tape::ShapeError);  // wraps to 0 elements
  EXPECT_EQ(tape::zeros({0, std::int64_t{1} << 40, std::int64_t{1} << 40}).size(), 0);
}

TEST(Values, ANumberThatNamesNoDTypeThrowsDTypeError) {
  const auto bogus = static_cast<tape::DType>(7);
  try {
    (void)tape::zeros({2}, bogus);
    FAIL() << "DType(7) must throw";
  } catch (const tape::DTypeError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("zeros"), HasSubstr("7")));
  }
  EXPECT_THROW((void)tape::ones({2}, bogus), tape::DTypeError);
  EXPECT_THROW((void)tape::cast(Tensor(1.0), bogus), tape::DTypeError);
}

TEST(Values, NegativeDimensionsThrowShapeError) {
  std::vector<double> two = {1, 2};
  try {
    (void)Tensor::from_raw(two.data(), {-1});
    FAIL() << "a negative dimension must throw";
  } catch (const tape::ShapeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("[-1]"));
  }
  EXPECT_THROW((void)Tensor::from_raw(two.data(), {-1, -2}), tape::ShapeError);
  EXPECT_THROW((void)Tensor::view(two.data(), {2, -1}), tape::ShapeError);
  EXPECT_THROW((void)Variable(two, {-2}), tape::ShapeError);
  EXPECT_THROW((void)tape::zeros({-3}), tape::ShapeError);
  EXPECT_THROW((void)tape::ones({2, -3}), tape::ShapeError);
  EXPECT_THROW((void)tape::broadcast_to(Tensor({1.0}), {-1}), tape::ShapeError);
  EXPECT_THROW((void)tape::reshape(Tensor({1.0, 2.0}), {-2, -1}), tape::ShapeError);
}

TEST(Values, ShapeErrorsDeriveFromTapeError) {
  EXPECT_THROW((void)(tape::ones({2}) * tape::ones({3})), tape::Error);
  EXPECT_THROW((void)(tape::ones({2}) * tape::ones({3})), std::runtime_error);
}

TEST(Values, NonDifferentiableOperationsComputeValues) {
  const Tensor x = Tensor({0.4, -1.6, 2.5, 3.0});
  EXPECT_TRUE(tensor_is(tape::round(x), {4}, {0, -2, 2, 3}));  // ties to even
  EXPECT_TRUE(tensor_is(tape::floor(x), {4}, {0, -2, 2, 3}));
  EXPECT_TRUE(tensor_is(tape::sign(x), {4}, {1, -1, 1, 1}));
  EXPECT_EQ(tape::argmax(x).item(), 3);
  EXPECT_EQ(tape::argmax(x).dtype(), DType::i64);
  EXPECT_TRUE(tensor_is(tape::greater(x, Tensor(1.0)), {4}, {0, 0, 1, 1}));
  EXPECT_TRUE(tensor_is(tape::less(x, Tensor(1.0)), {4}, {1, 1, 0, 0}));
  const Tensor i = tape::cast(x, DType::i64);
  EXPECT_EQ(i.dtype(), DType::i64);
  EXPECT_TRUE(tensor_is(i, {4}, {0, -1, 2, 3}));
}

TEST(Values, VariableValueIsAPlainConstantSnapshot) {
  Variable v({1.0, 2.0});
  const Tensor snapshot = v.value();
  v.assign(Tensor({5.0, 6.0}));
  EXPECT_EQ(values(snapshot), (std::vector<double>{1, 2}));
  EXPECT_EQ(v.to_vector(), (std::vector<double>{5, 6}));
  // Not the variable: a tape does not watch it, so no gradient reaches v.
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(v.value() * 3.0);
  }
  EXPECT_FALSE(tape.gradient(y, v).has_value());
}

TEST(Values, AssignChecksShapeAndDtype) {
  Variable v({1.0, 2.0});
  try {
    v.assign(Tensor({1.0, 2.0, 3.0}));
    FAIL() << "assign of [3] into [2] must throw";
  } catch (const tape::ShapeError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("[3]"), HasSubstr("[2]")));
  }
  try {
    v.assign(tape::cast(Tensor({1.0, 2.0}), DType::f32));
    FAIL() << "assign of f32 into f64 must throw";
  } catch (const tape::DTypeError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("f32"), HasSubstr("f64")));
  }
  EXPECT_THROW(v.assign(Tensor()), tape::Error);
  EXPECT_THROW(v.assign_sub(Tensor({1.0, 2.0, 3.0})), tape::ShapeError);
  EXPECT_EQ(v.to_vector(), (std::vector<double>{1, 2})) << "a failed assign changes nothing";
  Variable s(1.0);
  EXPECT_THROW(s.assign(Tensor(1)), tape::DTypeError);
}

TEST(Values, AssignSubUpdatesAndKeepsTheVariable) {
  Variable w({1.0, 2.0});
  Variable alias = w;  // a handle to the same state
  w.assign_sub(Tensor({0.5, 0.5}));
  EXPECT_EQ(w.to_vector(), (std::vector<double>{0.5, 1.5}));
  EXPECT_EQ(alias.to_vector(), (std::vector<double>{0.5, 1.5}));
  // Still the same variable to a tape, read through either handle.
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(alias * alias);
  }
  const auto g = tape.gradient(y, w);
  ASSERT_TRUE(g);
  EXPECT_TRUE(tensor_is(*g, {2}, {1.0, 3.0}));
  tape.release();
}

TEST(Values, TrainingLoopConverges) {
  // Minimise (w - 3)^2 with plain gradient descent.
  Variable w(0.0);
  for (int step = 0; step < 200; ++step) {
    GradientTape tape;
    Tensor loss;
    {
      auto s = tape.record();
      loss = tape::square(w - 3.0);
    }
    const auto g = tape.gradient(loss, w);
    ASSERT_TRUE(g);
    w.assign_sub(*g * 0.1);
  }
  EXPECT_NEAR(w.item(), 3.0, 1e-9);
}

}  // namespace
}  // namespace tape_test
