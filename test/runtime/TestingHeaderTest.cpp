// tape/testing.hpp: the GoogleTest helpers users write their own tests with.
#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <tape/tape.hpp>
#include <tape/testing.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

using ::testing::Contains;
using ::testing::Not;
using tape::GradientTape;
using tape::Variable;
using tape::testing::IsEvent;
using tape::testing::IsEventAt;

TEST(TestingHeader, ExpectTapeEventSeesTheCheck) {
  Variable x(2.0);
  const Tensor early = x * x;
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = early * 3.0;
  }
  EXPECT_TAPE_EVENT((void)tape.gradient(y, x), tape::checks::op_outside_scope);
}

TEST(TestingHeader, ExpectTapeEventToleratesTheThrowOfAMisuse) {
  Variable x(2.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  (void)tape.gradient(y, x);
  EXPECT_TAPE_EVENT((void)tape.gradient(y, x), tape::checks::nonpersistent_reuse);
}

TEST(TestingHeader, ExpectNoTapeEventsForCorrectCode) {
  Variable x(2.0);
  EXPECT_NO_TAPE_EVENTS({
    GradientTape tape({.persistent = true});
    Tensor y;
    {
      auto s = tape.record();
      y = x * x;
    }
    (void)tape.gradient(y, x);
    tape.release();
  });
}

TEST(TestingHeader, ChecksRaisedByListsThemInOrder) {
  const auto raised = tape::testing::checks_raised_by([] {
    const Tensor c = 2.0;
    GradientTape tape({.persistent = true});
    Tensor y;
    {
      auto s = tape.record();
      y = c * c;
    }
    (void)tape.gradient(y, c);
  });
  EXPECT_THAT(raised, ::testing::ElementsAre("tape-unwatched-source", "tape-persistent-not-released"));
}

TEST(TestingHeader, MatchersOnCapturedEvents) {
  tape::diagnostics::Capture cap;
  Here made{};
  {
    GradientTape tape({.persistent = true}); made = here();
  }
  EXPECT_THAT(cap.events(), Contains(IsEvent("tape-persistent-not-released")));
  EXPECT_THAT(cap.events(), Contains(IsEventAt("tape-persistent-not-released", made.line)));
  EXPECT_THAT(cap.events(), Not(Contains(IsEventAt("tape-persistent-not-released", made.line + 1))));
  EXPECT_THAT(cap.events(), Not(Contains(IsEvent("tape-op-outside-scope"))));
}

TEST(TestingHeader, ExpectTapeEventFailsWhenTheCheckIsMissing) {
  // The helper itself must be able to fail.
  Variable x(2.0);
  EXPECT_NONFATAL_FAILURE(
      {
        GradientTape tape;
        Tensor y;
        {
          auto s = tape.record();
          y = x * x;
        }
        EXPECT_TAPE_EVENT((void)tape.gradient(y, x), tape::checks::op_outside_scope);
      },
      "tape-op-outside-scope");
}

}  // namespace
}  // namespace tape_test
