// The runtime's half of every finding: for each of the nine checks, the
// misuse is reported once, under its name, at the primary location API.md
// gives; look-alikes that are no misuse stay silent; where several causes
// apply, API.md's order of precedence decides.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <tape/tape.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using tape::GradientTape;
using tape::Unconnected;
using tape::Variable;
using tape::diagnostics::Capture;
namespace checks = tape::checks;

// ---------------------------------------------------------------------------
// The names themselves.

TEST(CheckNames, NineDistinctNamesWithSummaries) {
  std::set<std::string_view> names;
  for (const auto& c : checks::all) {
    EXPECT_TRUE(c.name.starts_with("tape-")) << c.name;
    EXPECT_FALSE(c.summary.empty()) << c.name;
    names.insert(c.name);
  }
  EXPECT_EQ(names.size(), 9u);
  for (const auto n : {checks::op_outside_scope, checks::nonpersistent_reuse,
                       checks::persistent_not_released, checks::raw_array_mixing,
                       checks::unwatched_source, checks::integer_source,
                       checks::non_differentiable_path, checks::use_after_release,
                       checks::gradient_in_scope})
    EXPECT_TRUE(names.contains(n)) << n;
}

TEST(Capture, CollectsOnlyWhileItLives) {
  {
    GradientTape leak({.persistent = true});  // reported with no listener: dropped
  }
  Capture cap;
  EXPECT_TRUE(tape::diagnostics::enabled());
  {
    GradientTape leak({.persistent = true});
  }
  EXPECT_EQ(cap.events().size(), 1u);
  EXPECT_EQ(cap.events(std::string(checks::persistent_not_released)).size(), 1u);
  EXPECT_TRUE(cap.events(std::string(checks::op_outside_scope)).empty());
  cap.clear();
  EXPECT_TRUE(cap.events().empty());
}

TEST(Capture, EveryLiveCaptureSeesEachEvent) {
  Capture a;
  {
    Capture b;
    { GradientTape leak({.persistent = true}); }
    EXPECT_EQ(b.events().size(), 1u);
  }
  { GradientTape leak({.persistent = true}); }
  EXPECT_EQ(a.events().size(), 2u);
}

// ---------------------------------------------------------------------------
// tape-op-outside-scope

TEST(OpOutsideScope, OperationAfterTheScope) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape;
  Tensor a;
  {
    auto s = tape.record();
    a = x * x;
  }
  const Tensor y = tape::exp(a); const Here step = here();  // the tape no longer records
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  ASSERT_TRUE(one_event(cap, checks::op_outside_scope, at));
  EXPECT_THAT(cap.events().front().message,
              HasSubstr("exp at " + step.file + ":" + std::to_string(step.line)))
      << "the message names the step that broke the gradient, and where it ran";
}

TEST(OpOutsideScope, OperationBetweenTwoScopes) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape;
  Tensor a, y;
  {
    auto s = tape.record();
    a = tape::sin(x);
  }
  const Tensor b = a + 1.0;
  {
    auto s = tape.record();
    y = b * b;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
}

TEST(OpOutsideScope, PartialGradientThroughAnUnrecordedOperation) {
  Capture cap;
  Variable x(2.0);
  const Tensor b = x * 3.0;  // before the scope: this path is lost
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x + b;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  ASSERT_TRUE(g.has_value()) << "the recorded path still gives a gradient";
  EXPECT_DOUBLE_EQ(g->item(), 4.0) << "only 2x: the 3x path is missing";
  EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("partial"));
}

TEST(OpOutsideScope, InALoop) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape;
  Tensor h = x;
  for (int i = 0; i < 3; ++i) {
    {
      auto s = tape.record();
      h = h * x;
    }
    h = h + 1.0;  // each iteration leaves the scope before this
  }
  {
    auto s = tape.record();
    h = h * 1.0;
  }
  const auto g = tape.gradient(h, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
}

TEST(OpOutsideScope, OnOneBranchOnly) {
  Variable x(2.0);
  for (const bool late : {false, true}) {
    SCOPED_TRACE(late ? "late branch" : "recorded branch");
    Capture cap;
    GradientTape tape;
    Tensor a, y;
    {
      auto s = tape.record();
      a = x * x;
      if (!late) y = a * 5.0;
    }
    if (late) y = a * 5.0;
    const auto g = tape.gradient(y, x); const Here at = here();
    if (late) {
      EXPECT_FALSE(g.has_value());
      EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
    } else {
      ASSERT_TRUE(g.has_value());
      EXPECT_DOUBLE_EQ(g->item(), 20.0);
      EXPECT_TRUE(no_events(cap));
    }
  }
}

Tensor helper_outside(const Tensor& t) { return tape::exp(t); }

TEST(OpOutsideScope, InAHelperCalledAfterTheScope) {
  Capture cap;
  Variable x(0.5);
  GradientTape tape;
  Tensor a;
  {
    auto s = tape.record();
    a = x * 2.0;
  }
  const Tensor y = helper_outside(a);
  const auto g = tape.gradient(y, x, Unconnected::zero); const Here at = here();
  EXPECT_EQ(g.item(), 0.0) << "zeros for the missing gradient";
  EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
}

TEST(OpOutsideScope, NestedTapesInnerMissesAnOperationTheOuterRecorded) {
  Capture cap;
  Variable x(2.0);
  GradientTape outer({.persistent = true});
  GradientTape inner;
  Tensor y;
  {
    auto so = outer.record();
    Tensor a;
    {
      auto si = inner.record();
      a = x * x;
    }
    const Tensor b = a * 3.0;  // only the outer tape records this
    {
      auto si = inner.record();
      y = b + 1.0;
    }
  }
  const auto gi = inner.gradient(y, x); const Here at = here();
  EXPECT_FALSE(gi.has_value());
  EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
  cap.clear();
  const auto go = outer.gradient(y, x);
  ASSERT_TRUE(go.has_value());
  EXPECT_DOUBLE_EQ(go->item(), 12.0);
  EXPECT_TRUE(no_events(cap)) << "the outer tape saw everything";
  outer.release();
}

TEST(OpOutsideScope, NestedTapesInnerGradientTakenAfterTheOuterScope) {
  // The first-order gradient must be computed while the outer tape records;
  // taken after the outer scope, the second-order gradient is missing.
  Capture cap;
  Variable x(2.0);
  GradientTape outer;
  GradientTape inner;
  Tensor y;
  {
    auto so = outer.record();
    auto si = inner.record();
    y = x * x * x;
  }
  const auto dy = inner.gradient(y, x);  // the outer tape no longer records
  ASSERT_TRUE(dy);
  EXPECT_DOUBLE_EQ(dy->item(), 12.0);
  EXPECT_TRUE(no_events(cap));
  const auto d2 = outer.gradient(*dy, x); const Here at = here();
  EXPECT_FALSE(d2.has_value());
  EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
}

TEST(OpOutsideScope, NegativeIntentionalStopRecording) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  Tensor y, logged;
  {
    auto s = tape.record();
    const Tensor a = x * x;
    {
      auto pause = tape.stop_recording();
      logged = a * 100.0;  // bookkeeping the user chose not to record
    }
    y = a + logged;
  }
  const auto g = tape.gradient(y, x);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(g->item(), 4.0);
  EXPECT_FALSE(tape.gradient(logged, x).has_value());
  tape.release();
  EXPECT_TRUE(no_events(cap));
}

TEST(OpOutsideScope, NegativeStopGradientIsIntentional) {
  Capture cap;
  Variable x(2.0);
  const Tensor c = tape::stop_gradient(x * 3.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::stop_gradient(x * x) + c + x;
  }
  const auto g = tape.gradient(y, x);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(g->item(), 1.0);
  EXPECT_TRUE(no_events(cap));
}

TEST(OpOutsideScope, NegativeTargetIndependentOfTheSource) {
  Capture cap;
  Variable x(2.0), z(3.0);
  const Tensor unrelated = z * 2.0;  // outside the scope, but not about x
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = unrelated * z;
    (void)(x * 1.0);
  }
  EXPECT_FALSE(tape.gradient(y, x).has_value());
  EXPECT_EQ(tape.gradient(y, x, Unconnected::zero).item(), 0.0);
  EXPECT_TRUE(no_events(cap)) << "a target that does not depend on the source is no misuse";
  tape.release();
}

TEST(OpOutsideScope, NegativeValueComputedOutsideFromAnotherVariable) {
  Capture cap;
  Variable x(2.0), z(3.0);
  const Tensor c = z * 2.0;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * c;
  }
  const auto g = tape.gradient(y, x);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(g->item(), 6.0);
  EXPECT_TRUE(no_events(cap));
}

// ---------------------------------------------------------------------------
// tape-nonpersistent-reuse

TEST(NonPersistentReuse, SecondCallInALoop) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  int answered = 0;
  Here at{};
  try {
    for (int i = 0; i < 2; ++i) {
      at = here(); (void)tape.gradient(y, x);
      ++answered;
    }
  } catch (const tape::TapeReuseError&) {
  }
  EXPECT_EQ(answered, 1);
  EXPECT_TRUE(one_event(cap, checks::nonpersistent_reuse, at));
}

TEST(NonPersistentReuse, VectorOverloadAfterSingle) {
  Capture cap;
  Variable x(2.0), w(1.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * w;
  }
  (void)tape.gradient(y, x);
  Here at{};
  EXPECT_THROW({ at = here(); (void)tape.gradient(y, {x, w}); }, tape::TapeReuseError);
  EXPECT_TRUE(one_event(cap, checks::nonpersistent_reuse, at)) << "one event per call, not per source";
}

TEST(NonPersistentReuse, VariablesOverloadAfterVariablesOverload) {
  Capture cap;
  const std::vector<Variable> params{Variable(2.0), Variable(1.0)};
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = params[0] * params[1];
  }
  EXPECT_EQ(tape.gradient(y, params).size(), 2u);
  EXPECT_EQ(tape.footprint().entries, 0u) << "the first answer frees the recording";
  Here at{};
  EXPECT_THROW({ at = here(); (void)tape.gradient(y, params); }, tape::TapeReuseError);
  EXPECT_TRUE(one_event(cap, checks::nonpersistent_reuse, at)) << "one event per call, not per source";
}

// The op-outside-scope event of a gradient through the variables overload
// names the caller's line, as through the tensor list.
TEST(OpOutsideScope, VariablesOverloadReportsAtTheCall) {
  Capture cap;
  const std::vector<Variable> params{Variable(2.0), Variable(3.0)};
  GradientTape tape;
  const Tensor squared = params[0] * params[0];  // outside the scope
  Tensor z;
  {
    auto s = tape.record();
    z = squared * params[1];
  }
  Here at{};
  std::vector<std::optional<Tensor>> g;
  at = here(); g = tape.gradient(z, params);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
}

// The one-variable overload (`gradient(z, {x})`) reports where it is called.
TEST(OpOutsideScope, OneVariableOverloadReportsAtTheCall) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape;
  const Tensor squared = x * x;  // outside the scope
  Tensor z;
  {
    auto s = tape.record();
    z = squared * 3.0;
  }
  Here at{};
  std::optional<Tensor> g;
  at = here(); g = tape.gradient(z, {x});
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::op_outside_scope, at));
}

TEST(NonPersistentReuse, NegativeFreshTapeEachIteration) {
  Capture cap;
  Variable x(2.0);
  for (int i = 0; i < 3; ++i) {
    GradientTape tape;
    Tensor y;
    {
      auto s = tape.record();
      y = x * x;
    }
    ASSERT_TRUE(tape.gradient(y, x));
  }
  EXPECT_TRUE(no_events(cap));
}

TEST(NonPersistentReuse, NegativePersistentTape) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(tape.gradient(y, x));
  tape.release();
  EXPECT_TRUE(no_events(cap));
}

// ---------------------------------------------------------------------------
// tape-persistent-not-released

GradientTape make_persistent(Here& made) {
  GradientTape tape({.persistent = true}); made = here();
  return tape;
}

TEST(PersistentNotReleased, ReportedAtConstructionWhenDestroyed) {
  Capture cap;
  Here made{};
  {
    GradientTape tape({.persistent = true}); made = here();
    EXPECT_TRUE(no_events(cap));
  }
  EXPECT_TRUE(one_event(cap, checks::persistent_not_released, made));
}

TEST(PersistentNotReleased, MovedTapeIsReportedOnceAtItsOriginalConstruction) {
  Capture cap;
  Here made{};
  {
    GradientTape owner = make_persistent(made);
    GradientTape final_owner = std::move(owner);
  }
  EXPECT_TRUE(one_event(cap, checks::persistent_not_released, made));
  EXPECT_THAT(made.file, ::testing::EndsWith("DiagnosticsTest.cpp"));
}

TEST(PersistentNotReleased, OverwrittenByMoveAssignment) {
  Capture cap;
  Here made{};
  GradientTape tape({.persistent = true}); made = here();
  tape = GradientTape();  // the persistent recording is dropped unreleased
  EXPECT_TRUE(one_event(cap, checks::persistent_not_released, made));
}

TEST(PersistentNotReleased, InALoop) {
  Capture cap;
  Here made{};
  for (int i = 0; i < 3; ++i) {
    GradientTape tape({.persistent = true}); made = here();
  }
  const auto events = cap.events();
  ASSERT_EQ(events.size(), 3u) << "one per tape";
  for (const auto& e : events) {
    EXPECT_EQ(e.check, checks::persistent_not_released);
    EXPECT_EQ(e.line, made.line);
  }
}

TEST(PersistentNotReleased, NegativeReleasedOrNonPersistent) {
  Capture cap;
  Variable x(2.0);
  {
    GradientTape tape({.persistent = true});
    Tensor y;
    {
      auto s = tape.record();
      y = x * x;
    }
    (void)tape.gradient(y, x);
    tape.release();
  }
  {
    GradientTape tape;  // non-persistent: nothing to release
    Tensor y;
    {
      auto s = tape.record();
      y = x * x;
    }
  }
  {
    Here made{};
    GradientTape moved_from = make_persistent(made);
    GradientTape owner = std::move(moved_from);
    owner.release();
  }
  EXPECT_TRUE(no_events(cap));
}

// ---------------------------------------------------------------------------
// tape-raw-array-mixing

TEST(RawArrayMixing, ItemComesBackAsAConstant) {
  Capture cap;
  Variable x(3.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor a = x * x;
    const double v = a.item();
    y = Tensor(v) * 2.0;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::raw_array_mixing, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("item()"));
  EXPECT_EQ(cap.events().front().evidence, "value") << "only equal values tie item() to the constant";
}

TEST(RawArrayMixing, ToVectorComesBackEvenAfterEditing) {
  Capture cap;
  Variable x({1.5, 2.5});
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor a = tape::exp(x);
    std::vector<double> raw = a.to_vector();
    raw[0] += 1.0;  // edited in place: the buffer is still the exported one
    y = tape::sum(Tensor(raw) * 2.0);
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::raw_array_mixing, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("to_vector()"));
  EXPECT_EQ(cap.events().front().evidence, "exact");
}

TEST(RawArrayMixing, DataPointerComesBackThroughFromRaw) {
  Capture cap;
  Variable x({1.5, 2.5, 3.5});
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor a = x * 2.0;
    const double* p = a.data();
    y = tape::sum(Tensor::from_raw(p, {3}) * x);
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  ASSERT_TRUE(g.has_value()) << "the direct use of x is recorded";
  EXPECT_TRUE(tensor_is(*g, {3}, {3.0, 5.0, 7.0})) << "only a, not d a/dx * x";
  EXPECT_TRUE(one_event(cap, checks::raw_array_mixing, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("partial"));
  EXPECT_EQ(cap.events().front().evidence, "exact");
}

TEST(RawArrayMixing, ItemsPutBackElementByElementInALoop) {
  Capture cap;
  Variable w({0.3, 0.7, 1.9});
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor h = tape::tanh(w) * 3.0;
    std::vector<double> rebuilt;
    for (std::int64_t i = 0; i < 3; ++i) rebuilt.push_back(tape::slice(h, i, i + 1).item());
    y = tape::sum(Tensor(rebuilt));
  }
  const auto g = tape.gradient(y, w); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::raw_array_mixing, at));
}

TEST(RawArrayMixing, ViewChangedAfterItWasRecorded) {
  Capture cap;
  Variable x({1.0, 2.0, 3.0});
  double buf[3] = {0.5, -1.0, 2.0};
  const Tensor w = Tensor::view(buf, {3}); const Here view_made = here();
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(x * w);
  }
  buf[1] = 4.0;  // the backward pass reads the changed memory
  const auto g = tape.gradient(y, x); const Here at = here();
  ASSERT_TRUE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::raw_array_mixing, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr(":" + std::to_string(view_made.line)))
      << "the message points at the view's creation";
}

TEST(RawArrayMixing, NegativeSeedRawConstant) {
  Capture cap;
  Variable x({1.0, 2.0});
  const std::vector<double> y = {3.0, 4.0};
  GradientTape tape;
  Tensor z;
  {
    auto s = tape.record();
    z = tape::sum(x * y);
  }
  EXPECT_TRUE(tensor_is(*tape.gradient(z, x), {2}, y));
  EXPECT_TRUE(no_events(cap));
}

TEST(RawArrayMixing, NegativeItemOnlyForLogging) {
  Capture cap;
  Variable x(3.0);
  std::ostringstream log;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor a = x * x;
    log << "a = " << a.item() << "\n";
    const auto copy = a.to_vector();
    log << "copy = " << copy[0] << "\n";
    y = a * 2.0;
  }
  const auto g = tape.gradient(y, x);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(g->item(), 12.0);
  EXPECT_TRUE(no_events(cap));
  EXPECT_EQ(log.str(), "a = 9\ncopy = 9\n");
}

TEST(RawArrayMixing, NegativeViewChangedOnlyAfterTheGradient) {
  Capture cap;
  Variable x({1.0, 2.0});
  double buf[2] = {5.0, 6.0};
  const Tensor w = Tensor::view(buf, {2});
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(x * w);
  }
  const auto g = tape.gradient(y, x);
  buf[0] = 50.0;
  ASSERT_TRUE(g);
  EXPECT_TRUE(tensor_is(*g, {2}, {5.0, 6.0}));
  EXPECT_TRUE(no_events(cap));
}

TEST(RawArrayMixing, NegativeViewUnchanged) {
  Capture cap;
  Variable x({1.0, 2.0});
  double buf[2] = {5.0, 6.0};
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(x * Tensor::view(buf, {2}));
  }
  buf[0] = 5.0;  // written, but with the same value
  EXPECT_TRUE(tensor_is(*tape.gradient(y, x), {2}, {5.0, 6.0}));
  EXPECT_TRUE(no_events(cap));
}

TEST(RawArrayMixing, NegativeViewChangedOffThePath) {
  Capture cap;
  Variable x({1.0, 2.0}), z({1.0, 1.0});
  double buf[2] = {5.0, 6.0};
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(x * 2.0) + tape::sum(z * Tensor::view(buf, {2}));
  }
  buf[0] = 7.0;  // only d y / d z reads it
  EXPECT_TRUE(tensor_is(*tape.gradient(y, x), {2}, {2.0, 2.0}));
  EXPECT_TRUE(no_events(cap));
  (void)tape.gradient(y, z);
  EXPECT_EQ(cap.events(std::string(checks::raw_array_mixing)).size(), 1u);
  tape.release();
}

TEST(RawArrayMixing, NegativeViewOnlyAddedOrReducedThenChanged) {
  Capture cap;
  Variable x({1.0, 2.0});
  double buf[2] = {5.0, 6.0};
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor v = Tensor::view(buf, {2});
    y = tape::sum(x + v) - tape::sum(v) + tape::sum(tape::exp(v)) * 0.0;
  }
  buf[0] = 7.0;  // no rule on the way from x reads the view again
  EXPECT_TRUE(tensor_is(*tape.gradient(y, x), {2}, {1.0, 1.0}));
  EXPECT_TRUE(no_events(cap));
}

TEST(RawArrayMixing, NegativeExportOfAnotherVariable) {
  Capture cap;
  Variable x(2.0), z(3.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const double zz = (z * z).item();
    y = x * Tensor(zz);  // raw data, but from z, not from x
  }
  const auto g = tape.gradient(y, x);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(g->item(), 9.0);
  EXPECT_TRUE(no_events(cap));
}

// ---------------------------------------------------------------------------
// tape-unwatched-source

TEST(UnwatchedSource, ConstantNeverWatched) {
  Capture cap;
  const Tensor c = 2.0;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = c * c;
  }
  const auto g = tape.gradient(y, c); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(UnwatchedSource, EachOfSeveralSourcesIsNamedByPosition) {
  Capture cap;
  const Tensor c1 = 2.0, c2 = 5.0;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = c1 * c2;
  }
  const auto g = tape.gradient(y, std::vector<Tensor>{c1, c2});
  ASSERT_EQ(cap.events().size(), 2u);
  EXPECT_THAT(cap.events()[0].message, StartsWith("source 1 of 2: "));
  EXPECT_THAT(cap.events()[1].message, StartsWith("source 2 of 2: "));
}

TEST(UnwatchedSource, ConstantWatchedTooLate) {
  Capture cap;
  const Tensor c = Tensor({2.0, 3.0});
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(c * c);
    tape.watch(c);
  }
  const auto g = tape.gradient(y, c); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("late"));
}

TEST(UnwatchedSource, WatchedAfterOneOfTwoUses) {
  Capture cap;
  const Tensor c = 2.0;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor early = c * 10.0;
    tape.watch(c);
    y = early + c * c;
  }
  const auto g = tape.gradient(y, c); const Here at = here();
  ASSERT_TRUE(g.has_value());
  EXPECT_DOUBLE_EQ(g->item(), 4.0) << "the early use is missing";
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(UnwatchedSource, VariableOnATapeThatDoesNotWatchAccessedVariables) {
  Capture cap;
  Variable v(2.0);
  GradientTape tape({.watch_accessed_variables = false});
  Tensor y;
  {
    auto s = tape.record();
    y = v * v;
  }
  const auto g = tape.gradient(y, v); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(UnwatchedSource, ConstantUsedInABranchOfALoop) {
  Capture cap;
  const Tensor c = 0.5;
  GradientTape tape;
  Tensor acc = 0.0;
  {
    auto s = tape.record();
    for (int i = 0; i < 4; ++i)
      if (i % 2 == 1) acc = acc + c * static_cast<double>(i);
  }
  const auto g = tape.gradient(acc, c); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(UnwatchedSource, NegativeWatchedBeforeUse) {
  Capture cap;
  const Tensor c = 2.0;
  Variable v(1.0);
  GradientTape tape({.persistent = true, .watch_accessed_variables = false});
  Tensor y;
  {
    auto s = tape.record();
    tape.watch(c);
    tape.watch(v);
    y = c * c * v;
  }
  EXPECT_DOUBLE_EQ(tape.gradient(y, c)->item(), 4.0);
  EXPECT_DOUBLE_EQ(tape.gradient(y, v)->item(), 4.0);
  tape.release();
  EXPECT_TRUE(no_events(cap));
}

TEST(UnwatchedSource, NegativeConstantTheTargetDoesNotUse) {
  Capture cap;
  const Tensor c = 2.0;
  Variable x(1.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  EXPECT_FALSE(tape.gradient(y, c).has_value());
  EXPECT_TRUE(no_events(cap));
}

// ---------------------------------------------------------------------------
// tape-integer-source

TEST(IntegerSource, IntegerVariable) {
  Capture cap;
  Variable n(2);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = n * n + 1;
  }
  const auto g = tape.gradient(y, n); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::integer_source, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("i64"));
}

TEST(IntegerSource, UnsignedVariableAmongSources) {
  Capture cap;
  Variable x(2.0);
  Variable n(3u);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * tape::cast(n, DType::f64);
  }
  const auto g = tape.gradient(y, {x, n}); const Here at = here();
  ASSERT_TRUE(g[0]);
  EXPECT_DOUBLE_EQ(g[0]->item(), 3.0);
  EXPECT_FALSE(g[1].has_value());
  EXPECT_TRUE(one_event(cap, checks::integer_source, at));
}

TEST(IntegerSource, CastToIntegerAsSource) {
  Capture cap;
  Variable x(2.5);
  GradientTape tape;
  Tensor k, y;
  {
    auto s = tape.record();
    k = tape::cast(x, DType::i64);
    y = k * 3;
  }
  const auto g = tape.gradient(y, k); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::integer_source, at));
}

// API.md: a target that does not depend on the source is no misuse, whatever
// the source's dtype.
TEST(IntegerSource, NegativeTargetIndependentOfIntegerSource) {
  Capture cap;
  Variable x(2.0);
  Variable n(3);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  EXPECT_FALSE(tape.gradient(y, n).has_value());
  EXPECT_TRUE(no_events(cap));
}

TEST(IntegerSource, NegativeFloatingVariable) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x + 1;
  }
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 4.0);
  EXPECT_TRUE(no_events(cap));
}

// ---------------------------------------------------------------------------
// tape-non-differentiable-path

struct NonDiffCase {
  const char* name;
  Tensor (*cut)(const Tensor&);
};

TEST(NonDifferentiablePath, EveryNonDifferentiableOperation) {
  const NonDiffCase cases[] = {
      {"round", [](const Tensor& t) { return tape::round(t); }},
      {"floor", [](const Tensor& t) { return tape::floor(t); }},
      {"sign", [](const Tensor& t) { return tape::sign(t); }},
      {"greater", [](const Tensor& t) { return tape::greater(t, Tensor(1.0)); }},
      {"less", [](const Tensor& t) { return tape::less(t, Tensor(1.0)); }},
      {"argmax", [](const Tensor& t) { return tape::cast(tape::argmax(t), DType::f64); }},
      {"cast to an integer dtype",
       [](const Tensor& t) { return tape::cast(tape::cast(t, DType::i64), DType::f64); }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Capture cap;
    Variable x({0.4, 1.6});
    GradientTape tape;
    Tensor y;
    {
      auto s = tape.record();
      y = tape::sum(c.cut(x * 2.0) * 3.0);
    }
    const auto g = tape.gradient(y, x); const Here at = here();
    EXPECT_FALSE(g.has_value());
    EXPECT_TRUE(one_event(cap, checks::non_differentiable_path, at));
    if (!cap.events().empty()) {
      EXPECT_THAT(cap.events().front().message, HasSubstr(c.name));
    }
  }
}

TEST(NonDifferentiablePath, ThroughABranch) {
  Capture cap;
  Variable x(1.7);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor r = tape::round(x);
    y = r.item() > 1.0 ? r * 2.0 : r * 3.0;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::non_differentiable_path, at));
}

TEST(NonDifferentiablePath, NegativeAnotherPathIsDifferentiable) {
  Capture cap;
  Variable x(1.3);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::round(x) * x;  // TensorFlow too: gradient round(x), no warning
  }
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 1.0);
  EXPECT_TRUE(no_events(cap));
}

TEST(NonDifferentiablePath, NegativeCastBetweenFloatingDtypes) {
  Capture cap;
  Variable x(1.5);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::cast(tape::cast(x, DType::f32) * 2.0f, DType::f64);
  }
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 2.0);
  EXPECT_TRUE(no_events(cap));
}

// ---------------------------------------------------------------------------
// tape-use-after-release

TEST(UseAfterRelease, GradientAfterRelease) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  (void)tape.gradient(y, x);
  tape.release();
  Here at{};
  EXPECT_THROW({ at = here(); (void)tape.gradient(y, x); }, tape::TapeReleasedError);
  EXPECT_TRUE(one_event(cap, checks::use_after_release, at));
}

TEST(UseAfterRelease, ReleasedInsideALoop) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  Here at{};
  int answered = 0;
  try {
    for (int i = 0; i < 3; ++i) {
      at = here(); (void)tape.gradient(y, x);
      ++answered;
      tape.release();  // too early: inside the loop
    }
  } catch (const tape::TapeReleasedError& e) {
    EXPECT_EQ(e.check(), checks::use_after_release);
  }
  EXPECT_EQ(answered, 1);
  EXPECT_TRUE(one_event(cap, checks::use_after_release, at));
}

// ---------------------------------------------------------------------------
// tape-gradient-in-scope

TEST(GradientInScope, PersistentTapeAskedInsideItsOwnScope) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  std::optional<Tensor> g;
  Here at{};
  {
    auto s = tape.record();
    const Tensor y = x * x * x;
    g = tape.gradient(y, x); at = here();
  }
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(g->item(), 12.0) << "the gradient is still right";
  tape.release();
  EXPECT_TRUE(one_event(cap, checks::gradient_in_scope, at));
}

TEST(GradientInScope, EveryCallInsideTheScopeIsReported) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  {
    auto s = tape.record();
    const Tensor y = x * x;
    for (int i = 0; i < 2; ++i) (void)tape.gradient(y, x);
  }
  tape.release();
  EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::gradient_in_scope),
                                          std::string(checks::gradient_in_scope)));
}

TEST(GradientInScope, NegativeNonPersistentTape) {
  // TensorFlow warns only for persistent tapes: a non-persistent one cannot
  // be asked twice anyway.
  Capture cap;
  Variable x(2.0);
  GradientTape tape;
  {
    auto s = tape.record();
    const Tensor y = x * x;
    EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 4.0);
  }
  EXPECT_TRUE(no_events(cap));
}

TEST(GradientInScope, NegativeUnderStopRecording) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  {
    auto s = tape.record();
    const Tensor y = x * x;
    auto pause = tape.stop_recording();
    EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 4.0);
  }
  tape.release();
  EXPECT_TRUE(no_events(cap));
}

TEST(GradientInScope, NegativeInsideAnotherTapesScope) {
  Capture cap;
  Variable x(2.0);
  GradientTape outer;
  GradientTape inner({.persistent = true});
  std::optional<Tensor> d2;
  {
    auto so = outer.record();
    Tensor y;
    {
      auto si = inner.record();
      y = x * x * x;
    }
    const auto dy = inner.gradient(y, x);  // inner's scope has ended
    ASSERT_TRUE(dy);
    inner.release();
    d2 = outer.gradient(*dy, x, Unconnected::none);  // non-persistent: no event either
  }
  ASSERT_TRUE(d2 && d2->defined());
  EXPECT_DOUBLE_EQ(d2->item(), 12.0);
  EXPECT_TRUE(no_events(cap));
}

// ---------------------------------------------------------------------------
// Precedence: one finding per gradient() call and source, the first of
// use-after-release, nonpersistent-reuse, integer-source, unwatched-source,
// raw-array-mixing, non-differentiable-path, op-outside-scope.

TEST(Precedence, UseAfterReleaseOverNonPersistentReuse) {
  Capture cap;
  Variable x(2.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  (void)tape.gradient(y, x);
  tape.release();
  Here at{};
  EXPECT_THROW({ at = here(); (void)tape.gradient(y, x); }, tape::TapeReleasedError);
  EXPECT_TRUE(one_event(cap, checks::use_after_release, at));
}

TEST(Precedence, NonPersistentReuseOverEverythingAboutTheSource) {
  Capture cap;
  Variable n(2);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = n * n;
  }
  (void)tape.gradient(y, n);
  cap.clear();
  Here at{};
  EXPECT_THROW({ at = here(); (void)tape.gradient(y, n); }, tape::TapeReuseError);
  EXPECT_TRUE(one_event(cap, checks::nonpersistent_reuse, at));
}

TEST(Precedence, IntegerSourceOverUnwatchedSource) {
  Capture cap;
  const Tensor k = 2;  // an i64 constant, never watched
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = k * k;
  }
  const auto g = tape.gradient(y, k); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::integer_source, at));
}

TEST(Precedence, IntegerSourceOverUnwatchedVariable) {
  Capture cap;
  Variable n(2);
  GradientTape tape({.watch_accessed_variables = false});
  Tensor y;
  {
    auto s = tape.record();
    y = n * 3;
  }
  const auto g = tape.gradient(y, n); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::integer_source, at));
}

TEST(Precedence, UnwatchedSourceOverOpOutsideScope) {
  Capture cap;
  const Tensor c = 2.0;
  const Tensor a = c * 3.0;  // outside the scope, and c is never watched
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = a * a;
  }
  const auto g = tape.gradient(y, c); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(Precedence, RawArrayMixingOverNonDifferentiablePath) {
  Capture cap;
  Variable x(1.7);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor a = x * 3.0;
    const double v = a.item();
    y = Tensor(v) * tape::round(x);  // both paths are cut
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::raw_array_mixing, at));
}

TEST(Precedence, NonDifferentiablePathOverOpOutsideScope) {
  Capture cap;
  Variable x(1.7);
  const Tensor outside = x * 2.0;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::round(x) + outside;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::non_differentiable_path, at));
}

TEST(Precedence, RawArrayMixingOverOpOutsideScope) {
  Capture cap;
  Variable x({1.25, 2.25});
  const Tensor outside = x * 2.0;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    const Tensor a = x * 3.0;
    y = tape::sum(Tensor(a.to_vector()) * outside);
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::raw_array_mixing, at));
}

TEST(Precedence, GradientInScopeStandsBesideOtherFindings) {
  Capture cap;
  Variable x(2.0);
  const Tensor early = x * x;
  GradientTape tape({.persistent = true});
  Here at{};
  {
    auto s = tape.record();
    const Tensor y = early * 3.0;
    const auto g = tape.gradient(y, x); at = here();
    EXPECT_FALSE(g.has_value());
  }
  tape.release();
  const auto events = cap.events();
  ASSERT_EQ(events.size(), 2u);
  std::vector<std::string> names;
  for (const auto& e : events) {
    names.push_back(e.check);
    EXPECT_EQ(e.line, at.line);
    EXPECT_EQ(e.file, at.file);
  }
  EXPECT_THAT(names, ::testing::UnorderedElementsAre(std::string(checks::gradient_in_scope),
                                                     std::string(checks::op_outside_scope)));
}

TEST(Precedence, PersistentNotReleasedStandsBesideOtherFindings) {
  Capture cap;
  Here made{}, at{};
  {
    GradientTape tape({.persistent = true}); made = here();
    const Tensor c = 2.0;
    Tensor y;
    {
      auto s = tape.record();
      y = c * c;
    }
    (void)tape.gradient(y, c); at = here();
  }
  const auto events = cap.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].check, checks::unwatched_source);
  EXPECT_EQ(events[0].line, at.line);
  EXPECT_EQ(events[1].check, checks::persistent_not_released);
  EXPECT_EQ(events[1].line, made.line);
}

TEST(Precedence, OneFindingPerSource) {
  Capture cap;
  Variable x(2.0);
  Variable n(3);
  const Tensor c = 4.0;
  const Tensor early = x * 1.0;
  Variable unrelated(5.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * c * tape::cast(n, DType::f64) + early;
  }
  const auto g = tape.gradient(y, {x, n, c, unrelated}); const Here at = here();
  ASSERT_TRUE(g[0]);
  EXPECT_DOUBLE_EQ(g[0]->item(), 12.0) << "partial: the early path is missing";
  EXPECT_FALSE(g[1] || g[2] || g[3]);
  EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::op_outside_scope),
                                          std::string(checks::integer_source),
                                          std::string(checks::unwatched_source)));
  for (const auto& e : cap.events()) {
    EXPECT_EQ(e.line, at.line);
    EXPECT_EQ(e.file, at.file);
  }
}

TEST(Events, CarryFileLineAndColumnOfTheCall) {
  Capture cap;
  Variable n(2);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = n * n;
  }
  const std::source_location before = std::source_location::current(); (void)tape.gradient(y, n);
  const auto events = cap.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].file, before.file_name());
  EXPECT_EQ(events[0].line, before.line());
  EXPECT_GT(events[0].column, before.column()) << "the call comes after the marker on the line";
  EXPECT_EQ(events[0].evidence, "exact");
}

TEST(Events, ToJsonIsOneLine) {
  tape::diagnostics::Event e;
  e.check = "tape-integer-source";
  e.file = "/abs/prog.cpp";
  e.line = 12;
  e.column = 9;
  e.message = "two\nlines";
  const std::string json = tape::diagnostics::to_json(e);
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_THAT(json, HasSubstr("\"check\":\"tape-integer-source\""));
  EXPECT_THAT(json, HasSubstr("\"line\":12"));
  EXPECT_THAT(json, HasSubstr("\"column\":9"));
  EXPECT_THAT(json, HasSubstr("\"file\":\"/abs/prog.cpp\""));
}

TEST(Events, NoListenerMeansNoEventsAndNoErrors) {
  if (std::getenv("TAPE_DIAGNOSTICS")) GTEST_SKIP() << "TAPE_DIAGNOSTICS listens in this run";
  ASSERT_FALSE(tape::diagnostics::enabled());
  Variable x(2.0);
  const Tensor early = x * x;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = early * 2.0;
  }
  EXPECT_FALSE(tape.gradient(y, x).has_value());
}

}  // namespace
}  // namespace tape_test
