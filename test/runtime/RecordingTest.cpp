// Recording: the encoding of a tape's entries. Walked forward and backward it
// must give back every entry as appended, across block boundaries, keeping
// exactly the values each gradient rule reads.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include <tape/tape.hpp>

#include "recording.hpp"

namespace tape_test {
namespace {

using tape::detail::is_unary;
using tape::detail::last_elementwise;
using tape::detail::no_node;
using tape::detail::Op;
using tape::detail::Recording;
using tape::detail::rule_reads_output;
using tape::detail::Step;

// What decoding must give for an entry appended with these values.
Step expected(std::uint32_t node, Op op, tape::DType d, std::uint32_t in0, std::uint32_t in1,
              double a, double b, double y) {
  Step s{.node = node, .op = op, .dtype = d, .in0 = in0, .in1 = in1};
  switch (op) {
    case Op::mul:
      if (in1 != no_node) s.a = a;
      if (in0 != no_node) s.b = b;
      break;
    case Op::div:
    case Op::pow: s.a = a, s.b = b; break;
    case Op::sin:
    case Op::cos:
    case Op::log:
    case Op::square:
    case Op::relu: s.a = a; break;
    default:
      if (rule_reads_output(op)) s.y = y;
  }
  return s;
}

void expect_same(const Step& got, const Step& want) {
  EXPECT_EQ(got.node, want.node);
  EXPECT_EQ(got.op, want.op) << "node " << want.node;
  EXPECT_EQ(got.dtype, want.dtype) << "node " << want.node;
  EXPECT_EQ(got.in0, want.in0) << "node " << want.node;
  EXPECT_EQ(got.in1, want.in1) << "node " << want.node;
  EXPECT_EQ(got.rich, want.rich) << "node " << want.node;
  EXPECT_EQ(got.a, want.a) << "node " << want.node;
  EXPECT_EQ(got.b, want.b) << "node " << want.node;
  EXPECT_EQ(got.y, want.y) << "node " << want.node;
}

// 40000 entries (more than two blocks of each stream): every elementwise op,
// each input tracked or not, a rich entry every 97th.
std::vector<Step> fill(Recording& r) {
  std::mt19937 rng(7);
  std::vector<Step> want;
  for (std::uint32_t node = 0; node < 40000; ++node) {
    const auto d = static_cast<tape::DType>(rng() % 3);
    const auto op = static_cast<Op>(rng() % (static_cast<unsigned>(last_elementwise) + 1));
    std::uint32_t in0 = no_node, in1 = no_node;
    if (op != Op::leaf && node > 0) {
      if (rng() % 4) in0 = static_cast<std::uint32_t>(rng() % node);
      if (!is_unary(op) && rng() % 4) in1 = static_cast<std::uint32_t>(rng() % node);
    }
    if (node % 97 == 0) {
      EXPECT_EQ(r.append_rich(op, d, in0, in1), node);
      want.push_back({.node = node, .op = op, .dtype = d, .in0 = in0, .in1 = in1,
                      .rich = node / 97});
      continue;
    }
    const double a = node + 0.25, b = node + 0.5, y = node + 0.75;
    EXPECT_EQ(r.append_scalar(op, d, in0, in1, {.a = a, .b = b, .y = y}), node);
    want.push_back(expected(node, op, d, in0, in1, a, b, y));
  }
  return want;
}

TEST(Recording, WalksBackwardAndForwardGiveBackEveryEntry) {
  Recording r;
  const std::vector<Step> want = fill(r);
  ASSERT_EQ(r.size(), want.size());

  std::size_t i = want.size();
  for (Recording::Backward walk(r, r.size() - 1); !walk.done();) expect_same(walk.next(), want[--i]);
  EXPECT_EQ(i, 0u);

  i = 0;
  for (Recording::Forward walk(r, 0); !walk.done();) expect_same(walk.next(), want[i++]);
  EXPECT_EQ(i, want.size());

  for (const Step& s : want) {
    EXPECT_EQ(r.is_rich(s.node), s.rich != no_node);
    EXPECT_EQ(r.dtype(s.node), s.dtype);
    if (s.rich != no_node) {
      EXPECT_EQ(r.rich_index(s.node), s.rich);
    }
  }
}

// Walks that start inside the recording (a gradient of an early target, the
// reach of a late source) begin at a checkpoint and step to their node.
TEST(Recording, WalksStartAtAnyNode) {
  Recording r;
  const std::vector<Step> want = fill(r);
  for (const std::uint32_t start : {0u, 1u, 4095u, 4096u, 4097u, 8191u, 8192u, 16385u, 39999u}) {
    SCOPED_TRACE(start);
    std::size_t i = start + 1;
    for (Recording::Backward walk(r, start); !walk.done();) expect_same(walk.next(), want[--i]);
    EXPECT_EQ(i, 0u);
    i = start;
    for (Recording::Forward walk(r, start); !walk.done();) expect_same(walk.next(), want[i++]);
    EXPECT_EQ(i, want.size());
  }
  EXPECT_TRUE(Recording::Forward(r, r.size()).done());
}

// The backward walk decodes each elementwise op on its own path; an entry of
// any other op is read as the layout table says, and the walk stays in step.
TEST(Recording, AnEntryOfAnotherOpKeepsTheBackwardWalkInStep) {
  Recording r;
  const auto f64 = tape::DType::f64;
  r.append_scalar(Op::leaf, f64, no_node, no_node, {});
  r.append_scalar(Op::leaf, f64, no_node, no_node, {});
  r.append_scalar(Op::mul, f64, 0, 1, {.a = 2, .b = 3, .y = 6});
  r.append_scalar(Op::cast, f64, 2, no_node, {.a = 6, .y = 6});
  r.append_scalar(Op::sin, f64, 3, no_node, {.a = 6, .y = 0.5});
  std::vector<Step> got;
  for (Recording::Backward walk(r, r.size() - 1); !walk.done();) got.push_back(walk.next());
  ASSERT_EQ(got.size(), 5u);
  expect_same(got[0], expected(4, Op::sin, f64, 3, no_node, 6, 0, 0.5));
  expect_same(got[1], {.node = 3, .op = Op::cast, .dtype = f64, .in0 = 2, .in1 = no_node});
  expect_same(got[2], expected(2, Op::mul, f64, 0, 1, 2, 3, 6));
  expect_same(got[3], expected(1, Op::leaf, f64, no_node, no_node, 0, 0, 0));
  expect_same(got[4], expected(0, Op::leaf, f64, no_node, no_node, 0, 0, 0));
}

TEST(Recording, KeepsOnlyWhatTheRuleReads) {
  Recording r;
  const auto f64 = tape::DType::f64;
  r.append_scalar(Op::leaf, f64, no_node, no_node, {});
  EXPECT_EQ(r.bytes(), 1u);  // the head byte alone
  r.append_scalar(Op::add, f64, 0, 0, {.a = 1, .b = 2, .y = 3});
  EXPECT_EQ(r.bytes(), 1u + 9u);  // no values
  r.append_scalar(Op::sin, f64, 1, no_node, {.a = 1, .y = 2});
  EXPECT_EQ(r.bytes(), 10u + 13u);  // the operand
  r.append_scalar(Op::mul, f64, 2, no_node, {.a = 1, .b = 2});
  EXPECT_EQ(r.bytes(), 23u + 17u);  // d/da reads b only
  r.append_scalar(Op::mul, f64, 2, 3, {.a = 1, .b = 2});
  EXPECT_EQ(r.bytes(), 40u + 25u);  // both
}

TEST(Recording, ClearEmptiesEveryStream) {
  Recording r;
  fill(r);
  r.clear();
  EXPECT_EQ(r.size(), 0u);
  EXPECT_EQ(r.bytes(), 0u);
  EXPECT_TRUE(Recording::Forward(r, 0).done());
}

TEST(Recording, FootprintCountsTheTapesEntries) {
  tape::Variable x(2.0), y(3.0);
  tape::GradientTape tape;
  tape::Tensor z;
  {
    auto scope = tape.record();
    z = tape::sin(x) + x * y;
  }
  // Two leaves (1 byte each), sin (13), mul of two tracked inputs (25), add (9).
  const auto f = tape.footprint();
  EXPECT_EQ(f.entries, 5u);
  EXPECT_EQ(f.bytes, 2u + 13u + 25u + 9u);
  EXPECT_NEAR(tape.gradient(z, x)->item(), std::cos(2.0) + 3.0, 1e-15);
  // A non-persistent tape frees its recording once it has answered.
  EXPECT_EQ(tape.footprint().entries, 0u);
  EXPECT_EQ(tape.footprint().bytes, 0u);
}

}  // namespace
}  // namespace tape_test
