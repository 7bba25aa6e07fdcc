// tape::Scalar, the handle type for element-wise code: its gradients against
// the analytic derivatives, its tape rules, and the misuse it reports, which
// is the same as for tensors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <tape/tape.hpp>

#include "scalar_recording.hpp"  // the recording's limits, tested directly
#include "test_support.hpp"

namespace tape_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using tape::GradientTape;
using tape::Scalar;
using tape::diagnostics::Capture;
namespace checks = tape::checks;

// d f(x) / dx at x0, recorded on a fresh tape.
std::optional<double> derivative(const std::function<Scalar(const Scalar&)>& f, double x0) {
  GradientTape tape;
  Scalar x = x0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = f(x);
  }
  return tape.gradient(y, x);
}

struct UnaryCase {
  const char* name;
  std::function<Scalar(const Scalar&)> f;
  std::function<double(double)> df;
};

TEST(Scalar, EachOperationMatchesItsAnalyticDerivative) {
  const std::vector<UnaryCase> cases = {
      {"sin", [](const Scalar& x) { return tape::sin(x); }, [](double x) { return std::cos(x); }},
      {"cos", [](const Scalar& x) { return tape::cos(x); }, [](double x) { return -std::sin(x); }},
      {"exp", [](const Scalar& x) { return tape::exp(x); }, [](double x) { return std::exp(x); }},
      {"log", [](const Scalar& x) { return tape::log(x); }, [](double x) { return 1 / x; }},
      {"tanh", [](const Scalar& x) { return tape::tanh(x); },
       [](double x) { return 1 - std::tanh(x) * std::tanh(x); }},
      {"sqrt", [](const Scalar& x) { return tape::sqrt(x); }, [](double x) { return 0.5 / std::sqrt(x); }},
      {"square", [](const Scalar& x) { return tape::square(x); }, [](double x) { return 2 * x; }},
      {"sigmoid", [](const Scalar& x) { return tape::sigmoid(x); },
       [](double x) {
         const double s = 1 / (1 + std::exp(-x));
         return s * (1 - s);
       }},
      {"pow", [](const Scalar& x) { return tape::pow(x, 2.5); }, [](double x) { return 2.5 * std::pow(x, 1.5); }},
      {"neg", [](const Scalar& x) { return -x; }, [](double) { return -1.0; }},
      {"x+x", [](const Scalar& x) { return x + x; }, [](double) { return 2.0; }},
      {"x-2x", [](const Scalar& x) { return x - 2.0 * x; }, [](double) { return -1.0; }},
      {"x*x", [](const Scalar& x) { return x * x; }, [](double x) { return 2 * x; }},
      {"x/(x+1)", [](const Scalar& x) { return x / (x + 1.0); },
       [](double x) { return 1 / ((x + 1) * (x + 1)); }},
      {"3/x", [](const Scalar& x) { return 3.0 / x; }, [](double x) { return -3 / (x * x); }},
      {"x/4", [](const Scalar& x) { return x / 4.0; }, [](double) { return 0.25; }},
      {"5-x", [](const Scalar& x) { return 5.0 - x; }, [](double) { return -1.0; }},
      {"x-5", [](const Scalar& x) { return x - 5.0; }, [](double) { return 1.0; }},
      {"2+x", [](const Scalar& x) { return 2.0 + x; }, [](double) { return 1.0; }},
      {"compound", [](const Scalar& x) {
         Scalar y = x;
         y *= x;
         y += x;
         y -= 1.0;
         y /= x;  // x + 1 - 1/x
         return y;
       },
       [](double x) { return 1 + 1 / (x * x); }},
  };
  for (const UnaryCase& c : cases)
    for (double x0 : {0.3, 1.7}) {
      const auto g = derivative(c.f, x0);
      ASSERT_TRUE(g.has_value()) << c.name;
      EXPECT_NEAR(*g, c.df(x0), 1e-12) << c.name << " at " << x0;
    }
}

// A number with its derivative, carried forward: the reference a random
// sequence of recorded operations is checked against.
struct Dual {
  double v, d;
};

TEST(Scalar, RandomOperationSequencesMatchForwardModeDerivatives) {
  std::mt19937 rng(7);
  for (const bool listen : {false, true}) {
    std::optional<tape::diagnostics::Listener> listening;
    if (listen) listening.emplace();
    GradientTape tape;
    Scalar x = 0.7;
    std::vector<Scalar> pool;
    std::vector<Dual> duals;
    Scalar y;
    Dual dy{0, 0};
    {
      auto scope = tape.record();
      tape.watch(x);
      pool.push_back(x);
      duals.push_back({0.7, 1});
      for (int i = 0; i < 60000; ++i) {
        const std::size_t a = rng() % pool.size(), b = rng() % pool.size();
        const Scalar& A = pool[a];
        const Scalar& B = pool[b];
        const Dual da = duals[a], db = duals[b];
        Scalar r;
        Dual d{};
        switch (rng() % 8) {
          case 0: r = A + B; d = {da.v + db.v, da.d + db.d}; break;
          case 1: r = A - B; d = {da.v - db.v, da.d - db.d}; break;
          case 2: r = A * B; d = {da.v * db.v, da.d * db.v + da.v * db.d}; break;
          case 3: r = tape::sin(A); d = {std::sin(da.v), std::cos(da.v) * da.d}; break;
          case 4: r = tape::tanh(A); d = {std::tanh(da.v), (1 - std::tanh(da.v) * std::tanh(da.v)) * da.d}; break;
          case 5: r = 1.0 - A * 0.5; d = {1 - da.v * 0.5, -0.5 * da.d}; break;
          case 6: {
            const double q = 2 + db.v * db.v;
            r = A / (2.0 + B * B);
            d = {da.v / q, (da.d * q - da.v * 2 * db.v * db.d) / (q * q)};
            break;
          }
          default: r = -A + 1.0; d = {1 - da.v, -da.d}; break;
        }
        if (pool.size() < 512) {
          pool.push_back(r);
          duals.push_back(d);
        } else {
          const std::size_t k = rng() % 512;
          pool[k] = r;
          duals[k] = d;
        }
      }
      for (std::size_t i = 0; i < pool.size(); ++i) {
        y = i == 0 ? pool[0] : y + pool[i];
        dy = {dy.v + duals[i].v, dy.d + duals[i].d};
      }
    }
    const auto g = tape.gradient(y, x);
    ASSERT_TRUE(g.has_value());
    EXPECT_NEAR(*g, dy.d, 1e-9 * std::max(1.0, std::fabs(dy.d))) << (listen ? "listening" : "silent");
  }
}

TEST(Scalar, ConstantOperandsOfAnOperationAreNotSources) {
  GradientTape tape;
  Scalar x = 1.5, y = 2.0;  // y: a constant Scalar
  Scalar z;
  {
    auto scope = tape.record();
    tape.watch(x);
    z = x * y + y * x - y / x;
  }
  const auto g = tape.gradient(z, std::vector<Scalar>{x, y});
  ASSERT_TRUE(g[0].has_value());
  EXPECT_NEAR(*g[0], 2 * 2.0 + 2.0 / (1.5 * 1.5), 1e-12);
  EXPECT_FALSE(g[1].has_value()) << "y was never watched";
}

TEST(Scalar, UnconnectedIsNulloptAndConnectedZeroIsZero) {
  GradientTape tape({.persistent = true});
  Scalar x = 2.0, w = 3.0;
  Scalar unconnected, zero;
  {
    auto scope = tape.record();
    tape.watch(x);
    tape.watch(w);
    unconnected = w * w;
    zero = x - x;
  }
  EXPECT_FALSE(tape.gradient(unconnected, x).has_value());
  const auto g = tape.gradient(zero, x);
  ASSERT_TRUE(g.has_value()) << "x - x depends on x: the gradient is 0, not None";
  EXPECT_EQ(*g, 0.0);
  EXPECT_EQ(tape.gradient(x, x), 1.0);
  tape.release();
}

TEST(Scalar, AnInfinitePartialOfAnUnreachedNodeDoesNotPoisonTheGradient) {
  GradientTape tape;
  Scalar x = 0.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    const Scalar unused = tape::sqrt(x);  // d/dx = inf at 0
    (void)unused;
    y = 3.0 * x;
  }
  EXPECT_EQ(tape.gradient(y, x), 3.0);
}

TEST(Scalar, AnInfinitePartialOnAPathGivesNaN) {
  // IEEE arithmetic backward, as for tensors: d(sqrt(x) * 0)/dx at 0 is inf * 0.
  GradientTape tape;
  Scalar x = 0.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = tape::sqrt(x) * 0.0;
  }
  const auto g = tape.gradient(y, x);
  ASSERT_TRUE(g.has_value());
  EXPECT_TRUE(std::isnan(*g));
}

TEST(Scalar, AGradientOfAnEarlyTargetIgnoresLaterEntries) {
  GradientTape tape({.persistent = true});
  Scalar x = 0.5;
  Scalar early, late = 0.0;
  {
    auto scope = tape.record();
    tape.watch(x);
    early = x * x;
    for (int i = 0; i < 200000; ++i) late = late + x;  // several blocks after `early`
  }
  EXPECT_EQ(tape.gradient(early, x), 1.0);
  EXPECT_EQ(tape.gradient(late, x), 200000.0);
  tape.release();
}

TEST(Scalar, AFullRecordingThrows) {
  tape::detail::ScalarRecording r;
  r.nodes = tape::detail::no_node - 100;  // as if 2^32 operations had run
  EXPECT_THROW(r.append_leaf(), tape::Error);
}

TEST(Scalar, ManyOperationsSpanSeveralBlocks) {
  // About 60 bytes an iteration: 100000 iterations fill six 1 MiB blocks.
  const int n = 100000;
  GradientTape tape;
  Scalar x = 0.5;
  Scalar y = 0.0;
  {
    auto scope = tape.record();
    tape.watch(x);
    for (int i = 0; i < n; ++i) y = y + tape::sin(x) * 0.5 + x * x;
  }
  EXPECT_GT(tape.footprint().bytes, std::size_t{4} << 20);
  const auto g = tape.gradient(y, x);
  ASSERT_TRUE(g.has_value());
  EXPECT_NEAR(*g, n * (0.5 * std::cos(0.5) + 1.0), 1e-6);
}

TEST(Scalar, OperationsOutsideEveryTapeAreConstants) {
  const Scalar a = 2.0;
  const Scalar b = tape::exp(a) * a - 1.0;
  EXPECT_DOUBLE_EQ(b.value(), std::exp(2.0) * 2.0 - 1.0);
}

TEST(Scalar, PausedOperationsAreNotRecorded) {
  GradientTape tape;
  Scalar x = 2.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    auto pause = tape.stop_recording();
    y = x * x;
  }
  EXPECT_FALSE(tape.gradient(y, x).has_value());
}

TEST(Scalar, ANonPersistentTapeAnswersOnce) {
  GradientTape tape;
  Scalar x = 2.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x;
  }
  EXPECT_EQ(tape.gradient(y, x), 4.0);
  EXPECT_THROW(tape.gradient(y, x), tape::TapeReuseError);
}

TEST(Scalar, AReleasedTapeThrows) {
  GradientTape tape({.persistent = true});
  Scalar x = 2.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x;
  }
  tape.release();
  EXPECT_THROW(tape.gradient(y, x), tape::TapeReleasedError);
}

TEST(Scalar, ValuesOfAnEarlierRecordingAreConstantsToTheNextTape) {
  Scalar x = 2.0;
  Scalar y;
  {
    GradientTape first;
    {
      auto scope = first.record();
      first.watch(x);
      y = x * x;
    }
    EXPECT_EQ(first.gradient(y, x), 4.0);
  }
  GradientTape second;
  Scalar z;
  {
    auto scope = second.record();
    z = y * 3.0;  // y belongs to a recording that is gone
  }
  EXPECT_FALSE(second.gradient(z, y).has_value());
  EXPECT_DOUBLE_EQ(z.value(), 12.0);
}

TEST(Scalar, NestedTapesRecordEachScalarOnItsOwnTape) {
  GradientTape outer, inner;
  Scalar x = 1.5, w = 0.5;
  Scalar y, v;
  {
    auto o = outer.record();
    outer.watch(w);
    auto i = inner.record();
    inner.watch(x);
    y = tape::sin(x) * x;  // both tapes record: the slow path finds x's tape
    v = w * w;
  }
  const auto gy = inner.gradient(y, x);
  ASSERT_TRUE(gy.has_value());
  EXPECT_NEAR(*gy, std::cos(1.5) * 1.5 + std::sin(1.5), 1e-12);
  EXPECT_EQ(outer.gradient(v, w), 1.0);
}

TEST(Scalar, OperandsOfTwoRecordingTapesAreAnError) {
  GradientTape a, b;
  Scalar x = 1.0, y = 2.0;
  auto sa = a.record();
  a.watch(x);
  auto sb = b.record();
  b.watch(y);
  EXPECT_THROW(x * y, tape::Error);
}

TEST(Scalar, EachThreadRecordsItsOwnTape) {
  std::vector<double> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &got] {
      GradientTape tape;
      Scalar x = 1.0 + t;
      Scalar y = 0.0;
      {
        auto scope = tape.record();
        tape.watch(x);
        for (int i = 0; i < 1000; ++i) y = y + x * x;
      }
      got[t] = *tape.gradient(y, x);
    });
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_NEAR(got[t], 1000 * 2 * (1.0 + t), 1e-9);
}

// --- Misuse: the same events as for tensors, at the gradient() call.

TEST(ScalarDiagnostics, CleanUseRaisesNothing) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25;
  const Scalar scale = 3.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = scale * x + 1.0;
  }
  std::printf("%g\n", y.value());  // an export that never comes back
  EXPECT_EQ(tape.gradient(y, x), 3.0);
  EXPECT_TRUE(no_events(cap));
}

TEST(ScalarDiagnostics, NeverWatched) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25;
  Scalar y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  ASSERT_TRUE(one_event(cap, checks::unwatched_source, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("never watched"));
}

TEST(ScalarDiagnostics, WatchedTooLate) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25;
  Scalar y;
  {
    auto scope = tape.record();
    y = x * 2.0;
    tape.watch(x);
    y = y + x;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_EQ(g, 1.0) << "only the use after watch() is recorded";
  ASSERT_TRUE(one_event(cap, checks::unwatched_source, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("too late"));
}

TEST(ScalarDiagnostics, AConstantNeverUsedRaisesNothing) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25, unrelated = 7.5;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x;
  }
  EXPECT_FALSE(tape.gradient(y, unrelated).has_value());
  EXPECT_TRUE(no_events(cap));
}

TEST(ScalarDiagnostics, OperationAfterTheScope) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25;
  Scalar a;
  {
    auto scope = tape.record();
    tape.watch(x);
    a = x * x;
  }
  const Scalar y = tape::exp(a);
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  ASSERT_TRUE(one_event(cap, checks::op_outside_scope, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("is missing"));
}

TEST(ScalarDiagnostics, PartialBecauseOnePathRanBetweenScopes) {
  Capture cap;
  GradientTape tape({.persistent = true});
  Scalar x = 1.25;
  Scalar outside, y;
  {
    auto scope = tape.record();
    tape.watch(x);
  }
  outside = x * 3.0;
  {
    auto scope = tape.record();
    y = x * x + outside;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  tape.release();
  EXPECT_EQ(g, 2.5) << "only the recorded path";
  ASSERT_TRUE(one_event(cap, checks::op_outside_scope, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("is partial"));
}

TEST(ScalarDiagnostics, APauseLeavesAPathOutOnPurpose) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    Scalar side;
    {
      auto pause = tape.stop_recording();
      side = x * 3.0;
    }
    y = x * x + side;
  }
  EXPECT_EQ(tape.gradient(y, x), 2.5);
  EXPECT_TRUE(no_events(cap));
}

TEST(ScalarDiagnostics, RawValueBackAsAConstant) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    const Scalar h = x * x;
    const Scalar back = h.value();
    y = back * 2.0;
  }
  const auto g = tape.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  ASSERT_TRUE(one_event(cap, checks::raw_array_mixing, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("value() at "));
  EXPECT_EQ(cap.events().front().evidence, "value") << "matched by value: could be a coincidence";
}

TEST(ScalarDiagnostics, APrintedInputEqualToALiteralIsNoImport) {
  Capture cap;
  GradientTape tape;
  Scalar x = 0.5;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    std::printf("x = %g\n", x.value());
    y = tape::square(x) * 0.5 + x;  // 0.5 is a literal, not the export coming back
  }
  EXPECT_EQ(tape.gradient(y, x), 1.5);
  EXPECT_TRUE(no_events(cap));
}

TEST(ScalarDiagnostics, ASourceComputedAfterTheScope) {
  Capture cap;
  GradientTape tape({.persistent = true});
  Scalar w = 2.0;
  tape.watch(w);
  Scalar loss, again;
  {
    auto scope = tape.record();
    loss = tape::square(w - 0.5);
  }
  w = w - 0.1 * *tape.gradient(loss, w);  // a new value, computed outside the scope
  {
    auto scope = tape.record();
    again = tape::square(w - 0.5);
  }
  const auto g = tape.gradient(again, w); const Here at = here();
  tape.release();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(ScalarDiagnostics, ALongLineageOfConstantsStaysFast) {
  // Data standardised with constants before the scope: every value's lineage
  // holds them all; the diagnostics walk it once per gradient.
  Capture cap;
  const int n = 20000;
  std::vector<Scalar> data;
  for (int i = 0; i < n; ++i) data.push_back(std::sin(0.01 * i) * 3.0 + 1.0);
  Scalar mean = 0.0;
  for (const Scalar& d : data) mean += d;
  mean /= double(n);
  GradientTape tape;
  Scalar w = 0.5, loss = 0.0;
  {
    auto scope = tape.record();
    tape.watch(w);
    for (const Scalar& d : data) loss += tape::square(w * (d - mean) - 0.3);
  }
  EXPECT_TRUE(tape.gradient(loss, w).has_value());
  EXPECT_TRUE(no_events(cap));
}

TEST(ScalarDiagnostics, ALiteralEqualToAnIndistinctiveExportIsNoImport) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.0;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    (void)x.value();      // exports 1.0
    const Scalar one = 1.0;  // 1.0 turns up everywhere
    y = x * one;
  }
  EXPECT_EQ(tape.gradient(y, x), 1.0);
  EXPECT_TRUE(no_events(cap));
}

TEST(ScalarDiagnostics, TapeRulesAreReportedAsForTensors) {
  Capture cap;
  Scalar x = 2.0;
  Scalar y;
  {
    GradientTape tape({.persistent = true});
    {
      auto scope = tape.record();
      tape.watch(x);
      y = x * x;
      EXPECT_EQ(tape.gradient(y, x), 4.0);
    }
    EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::gradient_in_scope)));
    cap.clear();
  }
  EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::persistent_not_released)));
  cap.clear();

  GradientTape once;
  {
    auto scope = once.record();
    once.watch(x);
    y = x * x;
  }
  (void)once.gradient(y, x);
  EXPECT_THROW(once.gradient(y, x), tape::TapeReuseError);
  EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::nonpersistent_reuse)));
}

TEST(ScalarDiagnostics, ListeningDoesNotChangeTheValues) {
  auto run = [] {
    GradientTape tape;
    Scalar x = 0.75;
    Scalar a, y;
    {
      auto scope = tape.record();
      tape.watch(x);
      a = tape::sin(x);
    }
    const Scalar outside = a * x;  // unrecorded
    {
      auto scope = tape.record();
      y = outside + x * x;
    }
    return tape.gradient(y, x);
  };
  const auto silent = run();
  Capture cap;
  const auto listened = run();
  EXPECT_EQ(silent, listened);
  EXPECT_EQ(silent, 1.5);
  EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::op_outside_scope)));
}

TEST(ScalarDiagnostics, ListeningNeverMakesAConstantATapeValue) {
  // Constants combined in the scope, and a value() coming back: constants to
  // the tape whether diagnostics listen or not.
  auto run = [] {
    GradientTape tape;
    Scalar x = 1.2345, a = 2.0, b = 3.0;  // x * 3 is no round number, as a literal would be
    Scalar c, back, y;
    {
      auto scope = tape.record();
      tape.watch(x);
      c = a * b;
      back = Scalar((x * 3.0).value());
      y = c * x + back * x;
    }
    return tape.gradient(y, std::vector<Scalar>{x, c, back});
  };
  const auto silent = run();
  Capture cap;
  const auto listened = run();
  EXPECT_EQ(silent, listened);
  EXPECT_DOUBLE_EQ(*silent[0], 6.0 + 1.2345 * 3.0);
  EXPECT_FALSE(silent[1].has_value());
  EXPECT_FALSE(silent[2].has_value());
  EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::raw_array_mixing),
                                          std::string(checks::unwatched_source),
                                          std::string(checks::unwatched_source)));
}

TEST(ScalarDiagnostics, ListeningAddsNoErrorBetweenNestedTapes) {
  Capture cap;
  GradientTape outer, inner;
  Scalar x = 1.5, v = 2.0;
  Scalar y;
  auto o = outer.record();
  outer.watch(x);
  auto i = inner.record();
  inner.watch(v);
  const Scalar c = Scalar(2.0) * Scalar(3.0);  // constants, on neither tape
  EXPECT_NO_THROW(y = c * x);
  EXPECT_NO_THROW(y = v * c);
}

TEST(ScalarDiagnostics, RawValueBackThroughAPlainNumber) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25;
  Scalar z;
  {
    auto scope = tape.record();
    tape.watch(x);
    const Scalar h = tape::exp(x);
    const double raw = h.value();
    z = x * raw;
  }
  const auto g = tape.gradient(z, x); const Here at = here();
  EXPECT_NEAR(*g, std::exp(1.25), 1e-12) << "only the path through x itself";
  ASSERT_TRUE(one_event(cap, checks::raw_array_mixing, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("is partial"));
}

TEST(ScalarDiagnostics, ConstantUsedOnlyAfterTheScope) {
  Capture cap;
  GradientTape tape;
  Scalar x = 1.25, c = 3.5;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x;
  }
  const Scalar z = y * c;
  const auto g = tape.gradient(z, c); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(ScalarDiagnostics, ConstantCombinedBeforeTheScopeThenWatched) {
  Capture cap;
  GradientTape tape;
  Scalar c = 1.5;
  const Scalar before = c * c;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(c);
    y = before * 2.0 + c;
  }
  const auto g = tape.gradient(y, c); const Here at = here();
  EXPECT_EQ(g, 1.0) << "only the use after watch()";
  ASSERT_TRUE(one_event(cap, checks::op_outside_scope, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("is partial"));
}

TEST(ScalarDiagnostics, ConstantCombinedBeforeTheScopeNeverWatched) {
  Capture cap;
  GradientTape tape;
  Scalar x = 2.0, c = 1.5;
  const Scalar c2 = c * c;
  Scalar y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * c2;
  }
  const auto g = tape.gradient(y, c); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(ScalarDiagnostics, SourceWatchedOnAnotherTape) {
  Capture cap;
  GradientTape a, b;
  Scalar x = 1.5;
  Scalar y;
  {
    auto sa = a.record();
    a.watch(x);
  }
  {
    auto sb = b.record();
    y = x * x;
  }
  const auto g = b.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  EXPECT_TRUE(one_event(cap, checks::unwatched_source, at));
}

TEST(ScalarDiagnostics, WatchingOnAnInnerTapeMovesTheScalar) {
  Capture cap;
  GradientTape outer, inner({.persistent = true});
  Scalar x = 1.5;
  Scalar y;
  {
    auto o = outer.record();
    outer.watch(x);
    auto i = inner.record();
    inner.watch(x);
    y = x * x * x;
  }
  const auto g = outer.gradient(y, x); const Here at = here();
  EXPECT_FALSE(g.has_value());
  ASSERT_TRUE(one_event(cap, checks::unwatched_source, at));
  EXPECT_THAT(cap.events().front().message, HasSubstr("another tape"));
  EXPECT_NEAR(*inner.gradient(y, x), 3 * 1.5 * 1.5, 1e-12);
  inner.release();
}

TEST(ScalarDiagnostics, ValueOfAnEarlierStepsTape) {
  Capture cap;
  Scalar x = 0.5;
  Scalar w = 2.0;
  for (int step = 0; step < 2; ++step) {
    GradientTape tape;
    Scalar y;
    {
      auto scope = tape.record();
      if (step == 0) tape.watch(x);  // only in the first step
      tape.watch(w);
      y = x * w;
    }
    const auto g = tape.gradient(y, std::vector<Scalar>{x, w});
    EXPECT_EQ(g[0].has_value(), step == 0);
  }
  EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::unwatched_source)));
}

TEST(ScalarDiagnostics, ATapeMadeBeforeTheCaptureIsExplainedToo) {
  GradientTape tape;
  Scalar x = 1.25;
  Scalar a;
  {
    auto scope = tape.record();
    tape.watch(x);
    a = x * x;
  }
  Capture cap;
  const Scalar y = tape::exp(a);
  EXPECT_FALSE(tape.gradient(y, x).has_value());
  EXPECT_THAT(checks_of(cap), ElementsAre(std::string(checks::op_outside_scope)));
}

TEST(ScalarDiagnostics, OperationsAfterTheScopeKeepABoundedRecord) {
  tape::diagnostics::Listener listening;
  GradientTape tape({.persistent = true});
  Scalar x = 1.0, y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * 2.0;
  }
  const std::size_t before = tape.footprint().bytes;
  for (int i = 0; i < 300000; ++i) (void)(y * 1.0001 + x).value();
  EXPECT_LT(tape.footprint().bytes - before, std::size_t{4} << 20);
  tape.release();
}

TEST(ScalarDiagnostics, AnotherThreadsArithmeticLeavesTheTapeAlone) {
  tape::diagnostics::Listener listening;
  GradientTape tape({.persistent = true});
  Scalar x = 1.0, y;
  {
    auto scope = tape.record();
    tape.watch(x);
    y = x * x;
  }
  const std::size_t before = tape.footprint().entries;
  std::thread other([x, y] {
    for (int i = 0; i < 1000; ++i) (void)(y * 1.0001 + x);
  });
  other.join();
  EXPECT_EQ(tape.footprint().entries, before);
  EXPECT_EQ(tape.gradient(y, x), 2.0);
  tape.release();
}

}  // namespace
}  // namespace tape_test
