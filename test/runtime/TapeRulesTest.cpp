// The rules API.md states for tapes: unconnected results, reuse and release,
// persistent tapes, sources, watching, pausing, scopes, moves, exceptions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <tape/tape.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

using tape::GradientTape;
using tape::Unconnected;
using tape::Variable;

TEST(TapeRules, UnconnectedSourceGivesNullopt) {
  Variable x(2.0), z({1.0, 2.0, 3.0});
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = x * 2.0;
    (void)(z * 3.0);  // z is read and watched, but y does not depend on it
  }
  EXPECT_FALSE(tape.gradient(y, z).has_value());
  ASSERT_TRUE(tape.gradient(y, x).has_value());
  tape.release();
}

// gradient(target, variables) answers as the list of their tensors does,
// unconnected and integer variables included, and explains the same misuse.
TEST(TapeRules, GradientOfVariablesAnswersAsTheirTensorsDo) {
  const std::vector<Variable> vars{Variable(2.0), Variable(std::vector<double>{1, 2}),
                                   Variable(3.0), Variable(4)};
  tape::diagnostics::Capture events;
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(vars[0] * vars[1] + tape::cast(vars[3], tape::DType::f64));
    (void)(vars[2] * 3.0);  // read, watched, not on y's path
  }
  const std::vector<std::optional<Tensor>> by_variable = tape.gradient(y, vars);
  const std::vector<std::optional<Tensor>> by_tensor =
      tape.gradient(y, std::vector<Tensor>(vars.begin(), vars.end()));
  ASSERT_EQ(by_variable.size(), 4u);
  for (std::size_t i = 0; i < vars.size(); ++i) {
    ASSERT_EQ(by_variable[i].has_value(), by_tensor[i].has_value()) << i;
    if (by_variable[i]) {
      EXPECT_EQ(by_variable[i]->to_vector(), by_tensor[i]->to_vector()) << i;
    }
  }
  EXPECT_EQ(by_variable[0]->item(), 3.0);
  EXPECT_EQ(by_variable[1]->to_vector(), (std::vector<double>{2.0, 2.0}));
  EXPECT_FALSE(by_variable[2].has_value());
  EXPECT_FALSE(by_variable[3].has_value());
  // The integer source is reported once per gradient() call, by either overload.
  EXPECT_EQ(events.events(std::string(tape::checks::integer_source)).size(), 2u);
  // A braced list of variables still means a list of tensors.
  EXPECT_EQ(tape.gradient(y, {vars[0], vars[2]}).size(), 2u);
  tape.release();
}

// Any contiguous range of variables: a std::array, a C array, a std::span.
TEST(TapeRules, GradientOfVariablesTakesAnyContiguousRangeOfThem) {
  std::array<Variable, 2> params{Variable(2.0), Variable(3.0)};
  Variable plain[2] = {params[0], params[1]};
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = params[0] * params[0] * params[1];
  }
  const std::vector<double> want{12.0, 4.0};
  auto values = [](const std::vector<std::optional<Tensor>>& g) {
    std::vector<double> v;
    for (const auto& d : g) v.push_back(d->item());
    return v;
  };
  EXPECT_EQ(values(tape.gradient(y, params)), want);
  EXPECT_EQ(values(tape.gradient(y, plain)), want);
  EXPECT_EQ(values(tape.gradient(y, std::span<const Variable>(params))), want);
  tape.release();
}

// One variable, braced or not, answers as its tensor does; a plain number is
// still a constant source (the Tensor overload), whose gradient is empty.
TEST(TapeRules, GradientOfOneVariableAnswersAsItsTensorDoes) {
  Variable x(2.0), unused(5.0);
  tape::diagnostics::Capture events;
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = x * x * 3.0;
  }
  const std::optional<Tensor> braced = tape.gradient(y, {x});
  const std::optional<Tensor> named = tape.gradient(y, x);
  const std::optional<Tensor> as_tensor = tape.gradient(y, static_cast<const Tensor&>(x));
  ASSERT_TRUE(braced && named && as_tensor);
  EXPECT_EQ(braced->item(), 12.0);
  EXPECT_EQ(named->item(), 12.0);
  EXPECT_EQ(as_tensor->item(), 12.0);
  EXPECT_FALSE(tape.gradient(y, {unused}).has_value());
  EXPECT_FALSE(tape.gradient(y, 2.0).has_value());
  EXPECT_FALSE(tape.gradient(y, 2).has_value());
  tape.release();
}

TEST(TapeRules, UnconnectedZeroGivesZerosShapedLikeTheSource) {
  Variable x(2.0), z(std::vector<double>{1, 2, 3, 4, 5, 6}, {2, 3});
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = x * 2.0;
  }
  const Tensor g = tape.gradient(y, z, Unconnected::zero);
  EXPECT_TRUE(tensor_is(g, {2, 3}, {0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(g.dtype(), DType::f64);
  // A connected source gives its real gradient whatever the policy.
  EXPECT_EQ(tape.gradient(y, x, Unconnected::zero).item(), 2.0);
  EXPECT_EQ(tape.gradient(y, x, Unconnected::none).item(), 2.0);
  tape.release();
}

TEST(TapeRules, UnconnectedZeroKeepsTheSourcesDtype) {
  Variable x(2.0);
  Variable f32(1.5f);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * 2.0;
  }
  const Tensor g = tape.gradient(y, f32, Unconnected::zero);
  EXPECT_EQ(g.dtype(), DType::f32);
  EXPECT_EQ(g.shape(), Shape{});
  EXPECT_EQ(g.item(), 0.0);
}

TEST(TapeRules, UnconnectedNoneGivesAnUndefinedTensor) {
  Variable x(2.0), z(1.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * 2.0;
  }
  const Tensor g = tape.gradient(y, z, Unconnected::none);
  EXPECT_FALSE(g.defined());
}

TEST(TapeRules, NonPersistentSecondGradientThrowsReuseError) {
  Variable x(3.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  ASSERT_EQ(tape.gradient(y, x)->item(), 6.0);
  try {
    (void)tape.gradient(y, x);
    FAIL() << "a second gradient() on a non-persistent tape must throw";
  } catch (const tape::TapeReuseError& e) {
    EXPECT_EQ(e.check(), "tape-nonpersistent-reuse");
    EXPECT_EQ(e.check(), tape::checks::nonpersistent_reuse);
  }
  // Every overload counts, and it stays an error.
  EXPECT_THROW((void)tape.gradient(y, std::vector<Tensor>{x}), tape::TapeReuseError);
  EXPECT_THROW((void)tape.gradient(y, x, Unconnected::zero), tape::TapeReuseError);
  EXPECT_THROW((void)tape.gradient(y, x), tape::Error);
}

TEST(TapeRules, NonPersistentFirstGradientMayBeUnconnected) {
  // Even an unconnected answer uses up a non-persistent tape.
  Variable x(3.0), z(1.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  EXPECT_FALSE(tape.gradient(y, z).has_value());
  EXPECT_THROW((void)tape.gradient(y, x), tape::TapeReuseError);
}

TEST(TapeRules, GradientAfterReleaseThrowsReleasedError) {
  Variable x(3.0);
  for (const bool persistent : {false, true}) {
    SCOPED_TRACE(persistent ? "persistent" : "non-persistent");
    GradientTape tape({.persistent = persistent});
    Tensor y;
    {
      auto s = tape.record();
      y = x * x;
    }
    tape.release();
    try {
      (void)tape.gradient(y, x);
      FAIL() << "gradient() after release() must throw";
    } catch (const tape::TapeReleasedError& e) {
      EXPECT_EQ(e.check(), "tape-use-after-release");
    }
    EXPECT_THROW((void)tape.gradient(y, std::vector<Tensor>{x}), tape::TapeReleasedError);
  }
}

TEST(TapeRules, PersistentTapeAnswersSeveralGradients) {
  Variable x(2.0), w(-1.5);
  GradientTape tape({.persistent = true});
  EXPECT_TRUE(tape.persistent());
  Tensor y, z;
  {
    auto s = tape.record();
    y = x * x * w;
    z = tape::sin(x);
  }
  for (int i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 2 * 2.0 * -1.5);
    EXPECT_DOUBLE_EQ(tape.gradient(y, w)->item(), 4.0);
    EXPECT_DOUBLE_EQ(tape.gradient(z, x)->item(), std::cos(2.0));
  }
  tape.release();
  EXPECT_THROW((void)tape.gradient(y, x), tape::TapeReleasedError);
  EXPECT_FALSE(GradientTape().persistent());
}

TEST(TapeRules, VectorOfSources) {
  Variable a(2.0), b({1.0, -1.0}), unused(5.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(a * b * b);
  }
  const auto g = tape.gradient(y, {a, b, unused});
  ASSERT_EQ(g.size(), 3u);
  ASSERT_TRUE(g[0] && g[1]);
  EXPECT_DOUBLE_EQ(g[0]->item(), 2.0);  // sum(b^2)
  EXPECT_TRUE(tensor_is(*g[1], {2}, {4.0, -4.0}));  // 2ab
  EXPECT_FALSE(g[2].has_value());
}

TEST(TapeRules, EmptyVectorOfSources) {
  Variable a(2.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = a * a;
  }
  EXPECT_TRUE(tape.gradient(y, std::vector<Tensor>{}).empty());
}

TEST(TapeRules, SameSourceTwiceInTheVector) {
  Variable a(3.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = a * a;
  }
  const auto g = tape.gradient(y, {a, a});
  ASSERT_TRUE(g[0] && g[1]);
  EXPECT_EQ(g[0]->item(), 6.0);
  EXPECT_EQ(g[1]->item(), 6.0);
}

TEST(TapeRules, TensorsCopiedFromVariablesReceiveTheirGradients) {
  Variable w({1.0, 2.0}), b(0.5);
  // Copies: into a vector, and into a plain Tensor before the scope.
  std::vector<Tensor> sources = {w, b};
  const Tensor w_copy = w;
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = tape::sum(w_copy * 3.0) + b * b;
  }
  const auto g = tape.gradient(y, sources);
  ASSERT_TRUE(g[0] && g[1]);
  EXPECT_TRUE(tensor_is(*g[0], {2}, {3.0, 3.0}));
  EXPECT_DOUBLE_EQ(g[1]->item(), 1.0);
  // The original variable and the copy are one source.
  EXPECT_TRUE(tensor_is(*tape.gradient(y, w), {2}, {3.0, 3.0}));
  EXPECT_TRUE(tensor_is(*tape.gradient(y, w_copy), {2}, {3.0, 3.0}));
  tape.release();
}

TEST(TapeRules, WatchedConstant) {
  const Tensor c = 3.0;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    tape.watch(c);
    y = c * c;
  }
  const auto g = tape.gradient(y, c);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->item(), 6.0);
}

TEST(TapeRules, WatchedConstantTensorAndItsCopies) {
  const Tensor c = Tensor({1.0, 2.0});
  const Tensor copy = c;  // the same constant
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    tape.watch(c);
    y = tape::sum(copy * copy);
  }
  const auto g = tape.gradient(y, c);
  ASSERT_TRUE(g);
  EXPECT_TRUE(tensor_is(*g, {2}, {2.0, 4.0}));
}

TEST(TapeRules, UnwatchedConstantGivesNullopt) {
  const Tensor c = 3.0;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = c * c;
  }
  EXPECT_FALSE(tape.gradient(y, c).has_value());
}

TEST(TapeRules, WatchOfAnUndefinedTensorThrows) {
  GradientTape tape;
  EXPECT_THROW(tape.watch(Tensor()), tape::Error);
}

TEST(TapeRules, WatchAccessedVariablesFalse) {
  Variable x(2.0), w(3.0);
  GradientTape tape({.persistent = true, .watch_accessed_variables = false});
  Tensor y;
  {
    auto s = tape.record();
    tape.watch(w);
    y = x * w;
  }
  EXPECT_FALSE(tape.gradient(y, x).has_value()) << "x was read but not watched";
  ASSERT_TRUE(tape.gradient(y, w));
  EXPECT_EQ(tape.gradient(y, w)->item(), 2.0);
  tape.release();
}

TEST(TapeRules, StopRecordingPauses) {
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  Tensor y, paused;
  {
    auto s = tape.record();
    const Tensor a = x * x;
    {
      auto pause = tape.stop_recording();
      paused = x * 10.0;
    }
    y = a + paused + x;  // recording again after the pause
  }
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 2 * 2.0 + 1) << "the paused product adds nothing";
  EXPECT_FALSE(tape.gradient(paused, x).has_value());
  tape.release();
}

TEST(TapeRules, StopRecordingPausesOnlyItsOwnTape) {
  Variable x(2.0);
  GradientTape a, b;
  Tensor y;
  {
    auto sa = a.record();
    auto sb = b.record();
    auto pause = a.stop_recording();
    y = x * 5.0;
  }
  EXPECT_FALSE(a.gradient(y, x).has_value());
  ASSERT_TRUE(b.gradient(y, x));
}

TEST(TapeRules, SeveralScopesOnOneTape) {
  Variable x(2.0);
  GradientTape tape;
  Tensor a, b;
  {
    auto s = tape.record();
    a = x * x;
  }
  {
    auto s = tape.record();
    b = a * 3.0 + x;
  }
  EXPECT_DOUBLE_EQ(tape.gradient(b, x)->item(), 3 * 2 * 2.0 + 1);
}

TEST(TapeRules, NestedScopesOfOneTape) {
  Variable x(2.0);
  GradientTape tape;
  Tensor y;
  {
    auto outer = tape.record();
    {
      auto inner = tape.record();
      y = x * x;
    }
    y = y * x;  // the outer scope still records
  }
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 3 * 2.0 * 2.0);
}

TEST(TapeRules, AScopeEndingOutOfOrderEndsItselfNotAnother) {
  // record, pause, record on one tape; the first scope, moved out, ends
  // first: the innermost scope (recording) still decides, and the reverse.
  Variable x(2.0);
  GradientTape tape;
  Tensor y, z;
  {
    std::optional<tape::RecordingScope> first(tape.record());
    y = x * x;
    auto pause = tape.stop_recording();
    auto again = tape.record();
    first.reset();
    z = y * x;  // recorded: `again` is the innermost scope
  }
  const std::optional<Tensor> g = tape.gradient(z, x);
  ASSERT_TRUE(g.has_value());
  EXPECT_DOUBLE_EQ(g->item(), 3 * 2.0 * 2.0);

  GradientTape other;
  Tensor w;
  {
    std::optional<tape::RecordingPause> first;
    auto scope = other.record();
    first.emplace(other.stop_recording());
    auto inner = other.stop_recording();
    first.reset();
    w = x * x;  // not recorded: `inner` (a pause) is the innermost scope
  }
  EXPECT_FALSE(other.gradient(w, x).has_value());
}

TEST(TapeRules, OperationsOutsideEveryScopeAreNotRecorded) {
  Variable x(2.0);
  GradientTape tape;
  const Tensor y = x * x;
  EXPECT_FALSE(tape.gradient(y, x).has_value());
}

TEST(TapeRules, MovedTapeWorks) {
  Variable x(2.0);
  GradientTape first;
  Tensor y;
  {
    auto s = first.record();
    y = x * x;
  }
  GradientTape second = std::move(first);
  EXPECT_DOUBLE_EQ(second.gradient(y, x)->item(), 4.0);
  // Move assignment, and a tape moved while its scope is live.
  GradientTape third;
  third = std::move(second);
  EXPECT_THROW((void)third.gradient(y, x), tape::TapeReuseError) << "the move kept its state";

  GradientTape live({.persistent = true});
  Tensor z;
  {
    auto s = live.record();
    GradientTape moved = std::move(live);
    z = x * 3.0;
    EXPECT_DOUBLE_EQ(moved.gradient(z, x)->item(), 3.0);
    moved.release();
  }
}

GradientTape make_recorded_tape(const Variable& x, Tensor& y) {
  GradientTape tape({.persistent = true});
  auto s = tape.record();
  y = x * x * x;
  return tape;
}

TEST(TapeRules, TapeReturnedFromAFunction) {
  Variable x(2.0);
  Tensor y;
  GradientTape tape = make_recorded_tape(x, y);
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 12.0);
  tape.release();
}

struct Trainer {
  GradientTape tape{{.persistent = true}};
};

TEST(TapeRules, TapeMovedIntoAMember) {
  Variable x(2.0);
  GradientTape local({.persistent = true});
  Tensor y;
  {
    auto s = local.record();
    y = x * 4.0;
  }
  Trainer t;
  t.tape.release();
  t.tape = std::move(local);
  EXPECT_DOUBLE_EQ(t.tape.gradient(y, x)->item(), 4.0);
  t.tape.release();
}

TEST(TapeRules, MovedFromTapeThrows) {
  Variable x(2.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  GradientTape other = std::move(tape);
  EXPECT_THROW((void)tape.gradient(y, x), tape::Error);
  EXPECT_THROW((void)tape.gradient(y, std::vector<Tensor>{x}), tape::Error);
  EXPECT_THROW((void)tape.gradient(y, x, Unconnected::zero), tape::Error);
  EXPECT_THROW((void)tape.record(), tape::Error);
  EXPECT_THROW((void)tape.stop_recording(), tape::Error);
  EXPECT_THROW(tape.watch(y), tape::Error);
  EXPECT_THROW(tape.release(), tape::Error);
  EXPECT_THROW((void)tape.persistent(), tape::Error);
  // And it can be assigned a live tape again.
  tape = GradientTape();
  Tensor z;
  {
    auto s = tape.record();
    z = x * 5.0;
  }
  EXPECT_DOUBLE_EQ(tape.gradient(z, x)->item(), 5.0);
  EXPECT_DOUBLE_EQ(other.gradient(y, x)->item(), 4.0);
}

TEST(TapeRules, UndefinedTargetOrSourceThrows) {
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  EXPECT_THROW((void)tape.gradient(Tensor(), x), tape::Error);
  EXPECT_THROW((void)tape.gradient(y, Tensor()), tape::Error);
  tape.release();
}

TEST(TapeRules, ExceptionInsideAScopeLeavesEveryTapeUsable) {
  Variable x(2.0);
  GradientTape outer({.persistent = true});
  GradientTape inner({.persistent = true});
  try {
    auto so = outer.record();
    auto si = inner.record();
    auto pause = outer.stop_recording();
    (void)(x * x);
    (void)(tape::ones({2}) + tape::ones({3}));  // throws ShapeError
    FAIL() << "not reached";
  } catch (const tape::ShapeError&) {
  }
  try {
    auto s = inner.record();
    (void)(x * 3.0);
    throw std::runtime_error("user code failed");
  } catch (const std::runtime_error&) {
  }
  // No scope is left behind: this product is recorded by nobody.
  const Tensor unrecorded = x * 7.0;
  EXPECT_FALSE(outer.gradient(unrecorded, x).has_value());
  EXPECT_FALSE(inner.gradient(unrecorded, x).has_value());
  // Both tapes record again, and their gradients are right.
  Tensor y;
  {
    auto so = outer.record();
    auto si = inner.record();
    y = x * x * x;
  }
  EXPECT_DOUBLE_EQ(outer.gradient(y, x)->item(), 12.0);
  EXPECT_DOUBLE_EQ(inner.gradient(y, x)->item(), 12.0);
  outer.release();
  inner.release();
  // A fresh non-persistent tape too.
  GradientTape fresh;
  {
    auto s = fresh.record();
    y = tape::exp(x);
  }
  EXPECT_DOUBLE_EQ(fresh.gradient(y, x)->item(), std::exp(2.0));
}

TEST(TapeRules, ScopeMayOutliveItsTape) {
  Variable x(2.0);
  std::optional<tape::RecordingScope> scope;
  {
    GradientTape tape;
    scope.emplace(tape.record());
  }
  (void)(x * x);  // records on a tape nobody can ask any more: harmless
  scope.reset();
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 4.0);
}

TEST(TapeRules, ReleaseFreesAndIsIdempotent) {
  Variable x(2.0);
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  tape.release();
  tape.release();
  EXPECT_THROW((void)tape.gradient(y, x), tape::TapeReleasedError);
}

TEST(TapeRules, IntegerSourceHasNoGradient) {
  Variable n(2);
  GradientTape tape({.persistent = true});
  Tensor y;
  {
    auto s = tape.record();
    y = n * n;
  }
  EXPECT_EQ(y.dtype(), DType::i64);
  EXPECT_FALSE(tape.gradient(y, n).has_value());
  const Tensor z = tape.gradient(y, n, Unconnected::zero);
  EXPECT_EQ(z.dtype(), DType::i64);
  EXPECT_EQ(z.item(), 0);
  tape.release();
}

TEST(TapeRules, NonDifferentiableOperationsCarryNoGradient) {
  Variable x({0.4, 1.6});
  GradientTape tape({.persistent = true});
  Tensor r, f, s, c, cmp, am, through_int;
  {
    auto sc = tape.record();
    r = tape::round(x) * 2.0;
    f = tape::floor(x) * 2.0;
    s = tape::sign(x) * 2.0;
    cmp = tape::greater(x, Tensor(1.0)) * 2.0;
    am = tape::argmax(x) * 2;
    through_int = tape::cast(tape::cast(x, DType::i64), DType::f64) * 2.0;
    c = tape::stop_gradient(x) * 2.0;
  }
  for (const Tensor* t : {&r, &f, &s, &cmp, &am, &through_int, &c})
    EXPECT_FALSE(tape.gradient(*t, x).has_value());
  tape.release();
}

TEST(TapeRules, PartlyNonDifferentiablePathKeepsTheRest) {
  Variable x(1.3);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = tape::round(x) * x + x;  // d/dx = round(x) + 1
  }
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 2.0);
}

TEST(TapeRules, NonScalarTargetSumsItsElements) {
  Variable x({1.0, 2.0, 3.0});
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  EXPECT_TRUE(tensor_is(*tape.gradient(y, x), {3}, {2.0, 4.0, 6.0}));
}

TEST(TapeRules, GradientOfASourceWithRespectToItself) {
  Variable x({1.0, 2.0});
  GradientTape tape;
  {
    auto s = tape.record();
    (void)(x * 1.0);
  }
  const auto g = tape.gradient(x, x);
  ASSERT_TRUE(g);
  EXPECT_TRUE(tensor_is(*g, {2}, {1.0, 1.0}));
}

TEST(TapeRules, AssignAfterRecordingKeepsTheRecordedValues) {
  // As in TensorFlow, the tape differentiates at the values it recorded.
  Variable x(3.0), v({1.0, 2.0});
  GradientTape tape({.persistent = true});
  Tensor y, z;
  {
    auto s = tape.record();
    y = x * x;
    z = tape::sum(v * v);
  }
  x.assign(Tensor(10.0));
  v.assign_sub(Tensor({1.0, 1.0}));
  EXPECT_DOUBLE_EQ(tape.gradient(y, x)->item(), 6.0);
  EXPECT_TRUE(tensor_is(*tape.gradient(z, v), {2}, {2.0, 4.0}));
  tape.release();
}

// A whole-tensor result used by scalar operations gets its adjoint as numbers
// and as tensors; an f32 source's gradient stays f32 all the same.
TEST(TapeRules, F32GradientThroughScalarUsesOfAReductionIsF32) {
  Variable x(tape::cast(Tensor({0.3, 0.4}), DType::f32));
  GradientTape tape;
  Tensor y;
  {
    auto scope = tape.record();
    const Tensor s = tape::sum(x);
    y = s * tape::sin(s) + tape::exp(s) * 0.1;
  }
  const Tensor g = *tape.gradient(y, x);
  ASSERT_EQ(g.dtype(), DType::f32);
  const double s = static_cast<double>(0.3f) + static_cast<double>(0.4f);
  for (const double v : g.to_vector()) {
    EXPECT_EQ(v, static_cast<double>(static_cast<float>(v))) << "not an f32 value";
    EXPECT_NEAR(v, std::sin(s) + s * std::cos(s) + 0.1 * std::exp(s), 1e-6);
  }
}

// A gradient of an early target on a long persistent tape reads the tape from
// that target down, whatever was recorded after it.
TEST(TapeRules, EarlyTargetOnALongPersistentTape) {
  Variable x(0.5);
  GradientTape tape({.persistent = true});
  Tensor early, late = 0.0;
  {
    auto scope = tape.record();
    early = tape::sin(x) * x;
    for (int i = 0; i < 20000; ++i) late = late + x * 0.5;
  }
  EXPECT_DOUBLE_EQ(tape.gradient(early, x)->item(), std::cos(0.5) * 0.5 + std::sin(0.5));
  EXPECT_DOUBLE_EQ(tape.gradient(late, x)->item(), 10000.0);
  tape.release();
}

// A persistent tape asked inside its own scope records its backward pass (the
// runtime reports it as tape-gradient-in-scope, and it works as TensorFlow's
// does): the gradient of that gradient is the second derivative, for scalar
// entries (which keep values, not tensors) as for whole-tensor ones.
TEST(TapeRules, PersistentTapeDifferentiatesItsOwnGradient) {
  for (const bool whole_tensor : {false, true}) {
    SCOPED_TRACE(whole_tensor);
    Variable x = whole_tensor ? Variable(std::vector<double>{0.7}) : Variable(0.7);
    GradientTape tape({.persistent = true});
    std::optional<Tensor> g;
    {
      auto scope = tape.record();
      const Tensor y = tape::sum(x * tape::exp(x) + tape::tanh(x) * tape::sin(x));
      g = tape.gradient(y, x);
      *g = tape::sum(*g);
    }
    const std::optional<Tensor> gg = tape.gradient(*g, x);
    ASSERT_TRUE(gg.has_value());
    const double t = std::tanh(0.7), s = std::sin(0.7), c = std::cos(0.7), e = std::exp(0.7);
    // d2/dx2 of x e^x + tanh(x) sin(x)
    const double want = (2 + 0.7) * e + (-2 * t * (1 - t * t)) * s + 2 * (1 - t * t) * c - t * s;
    EXPECT_NEAR(gg->to_vector()[0], want, 1e-12);
    tape.release();
  }
}

// Destroyed at exit, after the main thread's caches of freed memory (which
// the released recording and the temporaries filled): they give their memory
// back to no cache then (AddressSanitizer checks it).
GradientTape tape_of_a_global({.persistent = true});
Tensor tensor_of_a_global;

TEST(TapeRules, TapesAndTensorsOfGlobalsOutliveTheThreadsCaches) {
  Variable x(std::vector<double>(20000, 1.0));
  for (int round = 0; round < 2; ++round) {
    tape_of_a_global.release();
    auto scope = tape_of_a_global.record();
    Tensor y = x;
    for (int i = 0; i < 3; ++i) y = tape::sin(y) * x;
    tensor_of_a_global = y;
  }
  EXPECT_EQ(tape_of_a_global.footprint().entries, 7u);
}

TEST(TapeRules, SeveralTapesRecordAtOnce) {
  Variable x(2.0), w(3.0);
  GradientTape a, b({.watch_accessed_variables = false});
  Tensor y;
  {
    auto sa = a.record();
    auto sb = b.record();
    b.watch(w);
    y = x * w;
  }
  EXPECT_DOUBLE_EQ(a.gradient(y, x)->item(), 3.0);
  const auto gb = b.gradient(y, {x, w});
  EXPECT_FALSE(gb[0].has_value());
  EXPECT_DOUBLE_EQ(gb[1]->item(), 2.0);
}

}  // namespace
}  // namespace tape_test
