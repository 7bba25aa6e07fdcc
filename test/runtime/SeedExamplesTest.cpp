// The seed examples of DESIGN.md, behaving as DESIGN.md states (TensorFlow's
// actual behaviour, not the article's).
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include <tape/tape.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

using tape::GradientTape;
using tape::Variable;
using tape::diagnostics::Capture;

// A value computed from x before the tape records, then used inside the
// scope: the gradient is empty, and the runtime says why.
TEST(SeedExamples, ValueComputedBeforeTheScopeGivesNoGradient) {
  Capture cap;
  Variable x(3.0);
  const Tensor y0 = x * x;  // before the tape records
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = y0 * 2.0;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, tape::checks::op_outside_scope, at));
}

TEST(SeedExamples, WatchedConstantComputedBeforeTheScopeGivesNoGradient) {
  // The article's own spelling: a constant, watched inside the scope.
  Capture cap;
  const Tensor x = 3.0;
  const Tensor y0 = x * x;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    tape.watch(x);
    y = y0 * 2.0;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, tape::checks::op_outside_scope, at));
}

TEST(SeedExamples, InsideTheScopeTheSameComputationWorks) {
  Capture cap;
  Variable x(3.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x * 2.0;
  }
  const auto g = tape.gradient(y, x);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(g->item(), 12.0);
  EXPECT_TRUE(no_events(cap));
}

// A second gradient() on a non-persistent tape throws; it does not return empty.
TEST(SeedExamples, SecondGradientOnNonPersistentTapeThrows) {
  Capture cap;
  Variable x(3.0);
  GradientTape tape;
  Tensor y, z;
  {
    auto s = tape.record();
    y = x * x;
    z = y * y;
  }
  const auto dz = tape.gradient(z, x);
  ASSERT_TRUE(dz);
  EXPECT_DOUBLE_EQ(dz->item(), 4 * 27.0);
  EXPECT_TRUE(no_events(cap));
  Here at{};
  try {
    at = here(); (void)tape.gradient(y, x);
    FAIL() << "the second gradient() must throw";
  } catch (const tape::TapeReuseError& e) {
    EXPECT_EQ(e.check(), tape::checks::nonpersistent_reuse);
  }
  EXPECT_TRUE(one_event(cap, tape::checks::nonpersistent_reuse, at));
}

// x * y with y a std::vector<double>: a raw array used as a constant is
// harmless, the gradient is y, and nothing is reported.
TEST(SeedExamples, VariableTimesRawVectorGivesTheVector) {
  Capture cap;
  Variable x({1.0, 2.0, 3.0});
  const std::vector<double> y = {4.0, 5.0, 6.0};
  GradientTape tape;
  Tensor z;
  {
    auto s = tape.record();
    z = x * y;
  }
  const auto g = tape.gradient(z, x);
  ASSERT_TRUE(g);
  EXPECT_TRUE(tensor_is(*g, {3}, y));
  EXPECT_TRUE(no_events(cap));
}

TEST(SeedExamples, RawVectorOnEitherSideAndCArray) {
  Capture cap;
  Variable x({1.0, 2.0, 3.0});
  const std::vector<double> y = {4.0, 5.0, 6.0};
  double c_array[3] = {-1.0, 0.5, 2.0};
  GradientTape tape({.persistent = true});
  Tensor a, b;
  {
    auto s = tape.record();
    a = tape::sum(y * x);
    b = tape::sum(x * c_array);
  }
  EXPECT_TRUE(tensor_is(*tape.gradient(a, x), {3}, y));
  EXPECT_TRUE(tensor_is(*tape.gradient(b, x), {3}, {-1.0, 0.5, 2.0}));
  tape.release();
  EXPECT_TRUE(no_events(cap));
}

// The persistent tape must be released (the article's `del tape`).
TEST(SeedExamples, ReleasedPersistentTapeIsSilent) {
  Capture cap;
  Variable x(3.0);
  {
    GradientTape tape({.persistent = true});
    Tensor y, z;
    {
      auto s = tape.record();
      y = x * x;
      z = y * y;
    }
    EXPECT_DOUBLE_EQ(tape.gradient(z, x)->item(), 108.0);
    EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 6.0);
    tape.release();
  }
  EXPECT_TRUE(no_events(cap));
}

TEST(SeedExamples, UnreleasedPersistentTapeIsReportedAtItsConstruction) {
  Capture cap;
  Variable x(3.0);
  Here made{};
  {
    GradientTape tape({.persistent = true}); made = here();
    Tensor y;
    {
      auto s = tape.record();
      y = x * x;
    }
    EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 6.0);
    EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 6.0);
    EXPECT_TRUE(no_events(cap)) << "reported when destroyed, not before";
  }
  EXPECT_TRUE(one_event(cap, tape::checks::persistent_not_released, made));
}

}  // namespace
}  // namespace tape_test
