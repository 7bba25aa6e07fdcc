// GoogleTest helpers for users' own tests: assert that a block of code raises
// (or does not raise) a given tape check. They use GoogleMock's matchers:
// link GTest::gmock (or -lgmock) as well as GoogleTest.
//
//   EXPECT_TAPE_EVENT(tape.gradient(y, x), tape::checks::op_outside_scope);
//   EXPECT_NO_TAPE_EVENTS({ auto g = tape.gradient(y, x); });
//   EXPECT_THAT(capture.events(), Contains(tape::testing::IsEvent("tape-integer-source")));
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tape/diagnostics.hpp"

namespace tape::testing {

// A test program that includes this header explains misuse from its start:
// the history a gradient() call's diagnosis needs is kept before any Capture.
inline const diagnostics::Listener listening_in_tests;

// The checks raised while `block` runs, in order.
template <class Block>
std::vector<std::string> checks_raised_by(Block&& block) {
  diagnostics::Capture capture;
  try {
    block();
  } catch (const std::exception&) {
    // A misuse that throws (reuse, use after release) still raised its event.
  }
  std::vector<std::string> out;
  for (const diagnostics::Event& e : capture.events()) out.push_back(e.check);
  return out;
}

MATCHER_P(IsEvent, check, "is a tape event of check " + std::string(check)) {
  return arg.check == std::string(check);
}

MATCHER_P2(IsEventAt, check, line,
           "is a tape event of check " + std::string(check) + " at line " + std::to_string(line)) {
  return arg.check == std::string(check) && arg.line == static_cast<std::uint32_t>(line);
}

}  // namespace tape::testing

#define TAPE_TESTING_RAISED_(statement) \
  ::tape::testing::checks_raised_by([&] { statement; })

// The statement raises the check (and possibly others).
#define EXPECT_TAPE_EVENT(statement, check)                                      \
  EXPECT_THAT(TAPE_TESTING_RAISED_(statement),                                   \
              ::testing::Contains(std::string(check)))                           \
      << "expected " #statement " to raise " << std::string(check)

// The statement raises no event at all.
#define EXPECT_NO_TAPE_EVENTS(statement)                               \
  EXPECT_THAT(TAPE_TESTING_RAISED_(statement), ::testing::IsEmpty()) \
      << "expected " #statement " to raise nothing"
