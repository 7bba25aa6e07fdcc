#include "recording.hpp"

#include <algorithm>
#include <bit>

namespace tape::detail {

static_assert(static_cast<int>(Op::sum_to) < 32, "an op must fit the head byte's five bits");

std::uint32_t Recording::rich_index(std::uint32_t node) const {
  const auto it = std::lower_bound(rich_nodes_.begin(), rich_nodes_.end(), node);
  return static_cast<std::uint32_t>(it - rich_nodes_.begin());
}

std::uint32_t Recording::append_rich(Op op, DType d, std::uint32_t in0, std::uint32_t in1) {
  const std::uint32_t node = begin_entry();
  heads_.push_back(entry_format::head(op, d, true));
  inputs_.push_back(in0);
  inputs_.push_back(in1);
  rich_nodes_.push_back(node);
  return node;
}

void Recording::clear() {
  heads_.clear();
  inputs_.clear();
  saved_.clear();
  rich_nodes_ = {};
  checkpoints_ = {};
  nodes_ = 0;
}

// From the checkpoint at or before `node`, the streams advance entry by entry
// (at most checkpoint_every - 1 of them) by what each entry holds.
Recording::Checkpoint Recording::position_of(std::uint32_t node) const {
  if (node == nodes_) return {inputs_.size(), saved_.size(), static_cast<std::uint32_t>(rich_nodes_.size())};
  const std::uint32_t from = node / checkpoint_every;
  Checkpoint at = checkpoints_[from];
  for (std::uint32_t n = from * checkpoint_every; n < node; ++n) {
    const std::uint8_t h = heads_[n];
    const entry_format::Layout& l = entry_format::layouts[h];
    if (h & entry_format::rich_bit) {
      at.input += l.inputs;
      ++at.rich;
      continue;
    }
    const std::uint32_t in0 = l.inputs > 0 ? inputs_[at.input] : no_node;
    const std::uint32_t in1 = l.inputs > 1 ? inputs_[at.input + 1] : no_node;
    at.input += l.inputs;
    at.saved += std::popcount(l.saved[entry_format::tracked(in0, in1)]);
  }
  return at;
}

std::size_t Recording::bytes() const {
  return heads_.size() + inputs_.size() * sizeof(std::uint32_t) + saved_.size() * sizeof(double) +
         rich_nodes_.size() * sizeof(std::uint32_t);
}

}  // namespace tape::detail
