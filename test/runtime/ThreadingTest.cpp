// Threads: each thread records on its own tapes; recording stacks, exports
// and diagnostics do not leak between threads.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <tape/tape.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

using tape::GradientTape;
using tape::Variable;
using tape::diagnostics::Capture;

// d/dw sum(tanh(w * k) * x) for a thread-specific k, many times over.
void train_independently(double k, int rounds, std::atomic<int>& failures) {
  Variable w({0.1 * k, -0.2 * k, 0.3});
  const std::vector<double> x = {1.0, 2.0, 3.0};
  for (int r = 0; r < rounds; ++r) {
    GradientTape tape;
    Tensor y;
    {
      auto s = tape.record();
      y = tape::sum(tape::tanh(w * k) * x);
    }
    const auto g = tape.gradient(y, w);
    if (!g) {
      ++failures;
      continue;
    }
    const std::vector<double> wv = w.to_vector();
    const std::vector<double> gv = g->to_vector();
    for (std::size_t i = 0; i < 3; ++i) {
      const double t = std::tanh(wv[i] * k);
      const double expected = (1 - t * t) * k * x[i];
      if (std::fabs(gv[i] - expected) > 1e-12) ++failures;
    }
    w.assign_sub(*g * 1e-3);
  }
}

TEST(Threading, TwoThreadsRecordIndependentTapes) {
  std::atomic<int> failures{0};
  std::thread a(train_independently, 1.5, 2000, std::ref(failures));
  std::thread b(train_independently, -0.75, 2000, std::ref(failures));
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(Threading, IndependentTapesWithDiagnosticsListening) {
  Capture cap;  // explanation bookkeeping runs on both threads
  std::atomic<int> failures{0};
  std::thread a(train_independently, 0.5, 1000, std::ref(failures));
  std::thread b(train_independently, 2.0, 1000, std::ref(failures));
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_TRUE(no_events(cap));
}

TEST(Threading, ScopeOnOneThreadDoesNotRecordAnother) {
  Variable x(2.0);
  GradientTape tape;
  Tensor from_other_thread, here_y;
  {
    auto s = tape.record();
    std::thread t([&] { from_other_thread = x * 5.0; });
    t.join();
    here_y = x * x + from_other_thread;
  }
  const auto g = tape.gradient(here_y, x);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(g->item(), 4.0) << "the other thread's product was not recorded";
}

TEST(Threading, SharedVariableWatchedByTapesOnTwoThreads) {
  Variable shared({1.0, -2.0});
  std::atomic<int> failures{0};
  auto work = [&](double k) {
    for (int r = 0; r < 1000; ++r) {
      GradientTape tape;
      Tensor y;
      {
        auto s = tape.record();
        y = tape::sum(shared * shared * k);
      }
      const auto g = tape.gradient(y, shared);
      if (!g) {
        ++failures;
        continue;
      }
      const auto gv = g->to_vector();
      if (gv[0] != 2 * 1.0 * k || gv[1] != 2 * -2.0 * k) ++failures;
    }
  };
  std::thread a(work, 3.0), b(work, -1.0);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(Threading, EightThreadsNestedTapes) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&failures, t] {
      const double x0 = 0.5 + 0.1 * t;
      Variable x(x0);
      for (int r = 0; r < 200; ++r) {
        GradientTape outer;
        std::optional<Tensor> dy;
        {
          auto so = outer.record();
          GradientTape inner;
          Tensor y;
          {
            auto si = inner.record();
            y = tape::sin(x) * x;
          }
          dy = inner.gradient(y, x);
        }
        const auto d2 = dy ? outer.gradient(*dy, x) : std::nullopt;
        const double expected = 2 * std::cos(x0) - x0 * std::sin(x0);
        if (!d2 || std::fabs(d2->item() - expected) > 1e-12) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(Threading, ATapeRecordsOnOneThreadAtATime) {
  // Its entries are appended without a lock: a second thread's record()
  // while the first one's scope lives is an error, not a data race.
  Variable x(2.0);
  GradientTape tape;
  auto scope = tape.record();
  std::string error;
  std::thread([&] {
    try {
      auto other = tape.record();
    } catch (const tape::Error& e) {
      error = e.what();
    }
  }).join();
  EXPECT_NE(error.find("recording on another thread"), std::string::npos) << error;
}

TEST(Threading, AScopeEndedOnAnotherThreadKeepsItsTapeAlive) {
  // The opening thread keeps recording on that tape (its stack entry
  // stays), so the tape must outlive the entry: no dangling pointer. On a
  // thread of its own, whose stack goes when it ends.
  double slope = 0;
  std::thread([&] {
    Variable x(3.0);
    std::optional<GradientTape> tape(std::in_place);
    std::optional<tape::RecordingScope> scope(tape->record());
    std::thread([moved = std::move(*scope)]() mutable { (void)moved; }).join();
    scope.reset();
    tape.reset();
    Tensor y = x * x;  // recorded on a tape nobody can ask any more: harmless
    GradientTape fresh;
    Tensor z;
    {
      auto s = fresh.record();
      z = x * x;
    }
    slope = fresh.gradient(z, x)->item();
  }).join();
  EXPECT_DOUBLE_EQ(slope, 6.0);
}

TEST(Threading, EventsFromOtherThreadsReachTheCapture) {
  Capture cap;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < 25; ++i) GradientTape leak({.persistent = true});
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(cap.events(std::string(tape::checks::persistent_not_released)).size(), 100u);
  EXPECT_EQ(cap.events().size(), 100u);
}

}  // namespace
}  // namespace tape_test
