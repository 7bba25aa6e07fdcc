// Shared helpers for the runtime's test suites: reading values, random
// inputs, finite differences, and checking diagnostics events.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <source_location>
#include <string>
#include <vector>

#include <tape/tape.hpp>

namespace tape_test {

using tape::DType;
using tape::Shape;
using tape::Tensor;

// The values of a tensor (test-side reading; not part of what is checked).
inline std::vector<double> values(const Tensor& t) { return t.to_vector(); }

// A constant from values and a shape (f64, or cast to `d`).
inline Tensor constant(const std::vector<double>& v, const Shape& s, DType d = DType::f64) {
  Tensor t = s.empty() ? Tensor(v.at(0)) : Tensor::from_raw(v.data(), s);
  return d == DType::f64 ? t : tape::cast(t, d);
}

// Reproducible random inputs: every suite seeds its own generator.
class Random {
 public:
  explicit Random(std::uint64_t seed = 20240611) : gen_(seed) {}
  double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(gen_); }
  // Values in [lo, hi] with a random sign, never closer to 0 than lo.
  double signed_away_from_zero(double lo, double hi) {
    const double v = uniform(lo, hi);
    return uniform(0, 1) < 0.5 ? -v : v;
  }
  std::vector<double> fill(const Shape& s, double lo, double hi) {
    std::vector<double> v(static_cast<std::size_t>(tape::element_count(s)));
    for (double& x : v) x = uniform(lo, hi);
    return v;
  }
  std::vector<double> fill_away_from_zero(const Shape& s, double lo, double hi) {
    std::vector<double> v(static_cast<std::size_t>(tape::element_count(s)));
    for (double& x : v) x = signed_away_from_zero(lo, hi);
    return v;
  }

 private:
  std::mt19937_64 gen_;
};

// |a - b| <= atol + rtol * |b|, element by element, with a readable failure.
inline ::testing::AssertionResult all_close(const std::vector<double>& actual,
                                            const std::vector<double>& expected, double rtol,
                                            double atol) {
  if (actual.size() != expected.size())
    return ::testing::AssertionFailure()
           << "sizes differ: " << actual.size() << " vs " << expected.size();
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double err = std::fabs(actual[i] - expected[i]);
    if (!(err <= atol + rtol * std::fabs(expected[i])))
      return ::testing::AssertionFailure() << "element " << i << ": got " << actual[i]
                                           << ", expected " << expected[i] << " (error " << err
                                           << ")";
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult tensor_is(const Tensor& t, const Shape& shape,
                                            const std::vector<double>& expected,
                                            double tol = 1e-12) {
  if (!t.defined()) return ::testing::AssertionFailure() << "the tensor is undefined";
  if (t.shape() != shape)
    return ::testing::AssertionFailure()
           << "shape " << tape::to_string(t.shape()) << ", expected " << tape::to_string(shape);
  return all_close(values(t), expected, tol, tol);
}

// Where a test made a call: pass `here()` on the same line as the call.
struct Here {
  std::string file;
  std::uint32_t line;
};
inline Here here(std::source_location l = std::source_location::current()) {
  return {l.file_name(), l.line()};
}

// Exactly one event was captured, of this check, at this file and line.
inline ::testing::AssertionResult one_event(const tape::diagnostics::Capture& cap,
                                            std::string_view check, const Here& at) {
  const auto events = cap.events();
  if (events.size() != 1) {
    auto f = ::testing::AssertionFailure() << events.size() << " events, expected one " << check
                                           << ":";
    for (const auto& e : events) f << "\n  " << e.check << " at line " << e.line << ": " << e.message;
    return f;
  }
  const auto& e = events.front();
  if (e.check != check || e.line != at.line || e.file != at.file)
    return ::testing::AssertionFailure()
           << "event " << e.check << " at " << e.file << ":" << e.line << ", expected " << check
           << " at " << at.file << ":" << at.line << " (" << e.message << ")";
  if (e.column == 0) return ::testing::AssertionFailure() << "the event has no column";
  if (e.message.empty()) return ::testing::AssertionFailure() << "the event has no message";
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult no_events(const tape::diagnostics::Capture& cap) {
  const auto events = cap.events();
  if (events.empty()) return ::testing::AssertionSuccess();
  auto f = ::testing::AssertionFailure() << events.size() << " unexpected events:";
  for (const auto& e : events) f << "\n  " << e.check << " at line " << e.line << ": " << e.message;
  return f;
}

// The checks of the captured events, in order.
inline std::vector<std::string> checks_of(const tape::diagnostics::Capture& cap) {
  std::vector<std::string> out;
  for (const auto& e : cap.events()) out.push_back(e.check);
  return out;
}

}  // namespace tape_test
