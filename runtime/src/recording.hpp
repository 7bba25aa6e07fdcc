// A tape's entries, one per recorded node, in the order they ran (so every
// entry's inputs precede it), kept the way ADOL-C keeps its trace: three
// streams (a head byte per node, input node numbers, saved values), each
// entry storing only what its gradient rule reads. A scalar `x + y` costs
// 9 bytes, `sin(x)` 13, where a fixed record would take 32.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "entry_store.hpp"
#include "tape/detail/links.hpp"
#include "tape/detail/op.hpp"
#include "tape/dtype.hpp"

namespace tape::detail {

// One entry, decoded. A scalar entry carries the values its rule reads (the
// others are 0); a rich one names its RichEntry.
struct Step {
  std::uint32_t node = no_node;
  Op op = Op::leaf;
  DType dtype = DType::f64;
  std::uint32_t in0 = no_node;
  std::uint32_t in1 = no_node;
  std::uint32_t rich = no_node;  // index into TapeCore::rich, else a scalar entry
  double a = 0, b = 0;           // operand values (b: pow's exponent for pow)
  double y = 0;                  // the output value, for rules that read it
};

// The gradient rules of exp, tanh, sigmoid and sqrt read the output (it
// spares recomputing it); the others read operands.
constexpr bool rule_reads_output(Op op) {
  return op == Op::exp || op == Op::tanh || op == Op::sigmoid || op == Op::sqrt;
}

// What a scalar operation's gradient may read; the recording keeps the part
// its rule needs.
struct ScalarValues {
  double a = 0, b = 0, y = 0;
};

// How an entry is encoded.
namespace entry_format {

// A head byte: the op (5 bits), the dtype (2), rich (1).
inline constexpr std::uint8_t rich_bit = 0x80;
inline std::uint8_t head(Op op, DType d, bool rich) {
  return static_cast<std::uint8_t>(static_cast<unsigned>(op) |
                                   (static_cast<unsigned>(d) << 5) | (rich ? rich_bit : 0));
}
constexpr Op op_of(std::uint8_t head) { return static_cast<Op>(head & 0x1f); }
inline DType dtype_of(std::uint8_t head) { return static_cast<DType>((head >> 5) & 0x3); }

// Which values a scalar entry keeps (in the order a, b, y): what its rule
// reads, given which inputs a tape tracks (mul needs b only for d/da).
inline constexpr std::uint8_t keeps_a = 1, keeps_b = 2, keeps_y = 4;
constexpr std::uint8_t kept_values(Op op, bool tracks_a, bool tracks_b) {
  switch (op) {
    case Op::mul: return (tracks_b ? keeps_a : 0) | (tracks_a ? keeps_b : 0);
    case Op::div:
    case Op::pow: return keeps_a | keeps_b;
    case Op::sin:
    case Op::cos:
    case Op::log:
    case Op::square:
    case Op::relu: return keeps_a;
    default: return rule_reads_output(op) ? keeps_y : 0;
  }
}
// How many input nodes a scalar entry stores.
constexpr int input_count(Op op) { return op == Op::leaf ? 0 : is_unary(op) ? 1 : 2; }
inline std::size_t tracked(std::uint32_t in0, std::uint32_t in1) {
  return std::size_t{in0 != no_node} | (std::size_t{in1 != no_node} << 1);
}

// Decoding at run time (Forward, position_of), tabulated per head byte; the
// backward walk and append_scalar compute it from an op that is a constant.
struct Layout {
  std::uint8_t inputs = 0;
  std::uint8_t saved[4] = {};  // kept values, by tracked(in0, in1)
};
constexpr std::array<Layout, 256> make_layouts() {
  std::array<Layout, 256> table{};
  for (unsigned h = 0; h < 256; ++h) {
    const Op op = op_of(static_cast<std::uint8_t>(h));
    if (h & rich_bit) {
      table[h].inputs = 2;
      continue;
    }
    table[h].inputs = static_cast<std::uint8_t>(input_count(op));
    for (unsigned t = 0; t < 4; ++t) table[h].saved[t] = kept_values(op, t & 1, t & 2);
  }
  return table;
}
inline constexpr std::array<Layout, 256> layouts = make_layouts();

}  // namespace entry_format

class Recording {
 public:
  std::uint32_t size() const { return nodes_; }
  bool is_rich(std::uint32_t node) const { return heads_[node] & entry_format::rich_bit; }
  DType dtype(std::uint32_t node) const { return entry_format::dtype_of(heads_[node]); }
  // The RichEntry index of a rich node.
  std::uint32_t rich_index(std::uint32_t node) const;

  // op: a leaf or an elementwise operation.
  [[gnu::always_inline]] std::uint32_t append_scalar(Op op, DType d, std::uint32_t in0,
                                                     std::uint32_t in1, const ScalarValues& v) {
    const std::uint32_t node = begin_entry();
    heads_.push_back(entry_format::head(op, d, false));
    // From the op, not the layout table: an operation's own (inlined) path
    // knows its op, and then these tests are constants.
    const int inputs = entry_format::input_count(op);
    if (inputs > 0) inputs_.push_back(in0);
    if (inputs > 1) inputs_.push_back(in1);
    const std::uint8_t kept = entry_format::kept_values(op, in0 != no_node, in1 != no_node);
    if (kept & entry_format::keeps_a) saved_.push_back(v.a);
    if (kept & entry_format::keeps_b) saved_.push_back(v.b);
    if (kept & entry_format::keeps_y) saved_.push_back(v.y);
    return node;
  }
  std::uint32_t append_rich(Op op, DType d, std::uint32_t in0, std::uint32_t in1);
  void clear();

  // Bytes the entries occupy (what a recorded operation costs in memory).
  std::size_t bytes() const;

 private:
  // Where the streams stood when entry k * checkpoint_every began, so that a
  // walk starts near any node (a gradient of an early target on a long
  // persistent tape reads little of it).
  static constexpr std::uint32_t checkpoint_every = 4096;
  struct Checkpoint {
    std::size_t input, saved;
    std::uint32_t rich;
  };
  std::uint32_t begin_entry() {
    if (nodes_ % checkpoint_every == 0) [[unlikely]]
      checkpoints_.push_back(
          {inputs_.size(), saved_.size(), static_cast<std::uint32_t>(rich_nodes_.size())});
    return nodes_++;
  }
  // The stream positions where entry `node` begins (node <= size()).
  Checkpoint position_of(std::uint32_t node) const;

 public:
  // Walks the entries from node `last` down to node 0. Entries appended
  // meanwhile are not visited.
  class Backward {
   public:
    Backward(const Recording& r, std::uint32_t last) : Backward(r, r.position_of(last + 1), last + 1) {}
    bool done() const { return node_ == 0; }
    Step next() {
      Step out;
      visit_next([&out]<Op>(const Step& s) { out = s; }, [&out](const Step& s) { out = s; });
      return out;
    }
    // Decodes the next entry and hands it to on_scalar.template
    // operator()<op>(step), the op a constant there, or to on_rich(step). One
    // switch decodes and (through the visitor) applies the rule: the backward
    // pass's loop, where a decode that tests the layout at run time costs as
    // much as the rule.
    template <class OnScalar, class OnRich>
    [[gnu::always_inline]] void visit_next(OnScalar&& on_scalar, OnRich&& on_rich) {
      const std::uint8_t h = heads_.next();
      const std::uint32_t node = --node_;
      if (h & entry_format::rich_bit) [[unlikely]] {
        Step s{.node = node, .op = entry_format::op_of(h), .dtype = entry_format::dtype_of(h)};
        s.in1 = inputs_.next();
        s.in0 = inputs_.next();
        s.rich = --rich_;
        return on_rich(s);
      }
      if (!visit_scalar(h, node, on_scalar, std::make_index_sequence<scalar_ops>{})) [[unlikely]]
        // Not an op that records scalar entries: read as the table says, so
        // the streams stay in step, and let no gradient through.
        on_scalar.template operator()<Op::leaf>(decode_by_table(h, node));
    }

   private:
    Backward(const Recording& r, Checkpoint at, std::uint32_t end)
        : node_(end),
          rich_(at.rich),
          heads_(r.heads_, end),
          inputs_(r.inputs_, at.input),
          saved_(r.saved_, at.saved) {}
    static constexpr std::size_t scalar_ops = static_cast<std::size_t>(last_elementwise) + 1;
    // The entry decoded for its op and handed on, if its op is one of the
    // ops 0 ... scalar_ops - 1 (which compiles to one jump table).
    template <class OnScalar, std::size_t... op>
    [[gnu::always_inline]] bool visit_scalar(std::uint8_t h, std::uint32_t node,
                                             OnScalar& on_scalar, std::index_sequence<op...>) {
      const Op actual = entry_format::op_of(h);
      return ((actual == Op(op) &&
               (on_scalar.template operator()<Op(op)>(decode<Op(op)>(h, node)), true)) ||
              ...);
    }
    // A scalar entry of a known op: how many inputs and which values it
    // keeps are then constants, but for mul's (which depend on what it tracks).
    template <Op op>
    [[gnu::always_inline]] Step decode(std::uint8_t h, std::uint32_t node) {
      Step s{.node = node, .op = op, .dtype = entry_format::dtype_of(h)};
      constexpr int inputs = entry_format::input_count(op);
      if constexpr (inputs > 1) s.in1 = inputs_.next();
      if constexpr (inputs > 0) s.in0 = inputs_.next();
      read_saved(entry_format::kept_values(op, s.in0 != no_node, s.in1 != no_node), s);
      return s;
    }
    Step decode_by_table(std::uint8_t h, std::uint32_t node) {
      const entry_format::Layout& l = entry_format::layouts[h];
      Step s{.node = node, .op = entry_format::op_of(h), .dtype = entry_format::dtype_of(h)};
      if (l.inputs > 1) s.in1 = inputs_.next();
      if (l.inputs > 0) s.in0 = inputs_.next();
      read_saved(l.saved[entry_format::tracked(s.in0, s.in1)], s);
      return s;
    }
    [[gnu::always_inline]] void read_saved(std::uint8_t kept, Step& s) {
      if (kept & entry_format::keeps_y) s.y = saved_.next();
      if (kept & entry_format::keeps_b) s.b = saved_.next();
      if (kept & entry_format::keeps_a) s.a = saved_.next();
    }
    std::uint32_t node_, rich_;
    BlockStore<std::uint8_t>::BackwardReader heads_;
    BlockStore<std::uint32_t>::BackwardReader inputs_;
    BlockStore<double>::BackwardReader saved_;
  };

  // Walks the entries from node `first` up to the newest.
  class Forward {
   public:
    Forward(const Recording& r, std::uint32_t first) : Forward(r, r.position_of(first), first) {}
    bool done() const { return node_ == size_; }
    Step next() {
      const std::uint8_t h = heads_.next();
      const entry_format::Layout& l = entry_format::layouts[h];
      Step s{.node = node_++, .op = entry_format::op_of(h), .dtype = entry_format::dtype_of(h)};
      if (l.inputs > 0) s.in0 = inputs_.next();
      if (l.inputs > 1) s.in1 = inputs_.next();
      if (h & entry_format::rich_bit) {
        s.rich = rich_++;
        return s;
      }
      const std::uint8_t kept = l.saved[entry_format::tracked(s.in0, s.in1)];
      if (kept & entry_format::keeps_a) s.a = saved_.next();
      if (kept & entry_format::keeps_b) s.b = saved_.next();
      if (kept & entry_format::keeps_y) s.y = saved_.next();
      return s;
    }

   private:
    Forward(const Recording& r, Checkpoint at, std::uint32_t first)
        : size_(r.size()),
          node_(first),
          rich_(at.rich),
          heads_(r.heads_, first),
          inputs_(r.inputs_, at.input),
          saved_(r.saved_, at.saved) {}
    std::uint32_t size_, node_, rich_;
    BlockStore<std::uint8_t>::ForwardReader heads_;
    BlockStore<std::uint32_t>::ForwardReader inputs_;
    BlockStore<double>::ForwardReader saved_;
  };

 private:
  BlockStore<std::uint8_t> heads_;
  BlockStore<std::uint32_t> inputs_;
  BlockStore<double> saved_;
  std::vector<std::uint32_t> rich_nodes_;  // ascending
  std::vector<Checkpoint> checkpoints_;
  std::uint32_t nodes_ = 0;
};

}  // namespace tape::detail
