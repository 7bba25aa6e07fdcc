#include "recording.hpp"

#include <algorithm>

namespace tape::detail {

static_assert(static_cast<int>(Op::sum_to) < 32, "an op must fit the head byte's five bits");

std::uint32_t Recording::rich_index(std::uint32_t node) const {
  const auto it = std::lower_bound(rich_nodes_.begin(), rich_nodes_.end(), node);
  return static_cast<std::uint32_t>(it - rich_nodes_.begin());
}

std::uint32_t Recording::append_rich(Op op, DType d, std::uint32_t in0, std::uint32_t in1) {
  const std::uint32_t node = nodes_++;
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
  nodes_ = 0;
}

std::size_t Recording::bytes() const {
  return heads_.size() + inputs_.size() * sizeof(std::uint32_t) + saved_.size() * sizeof(double) +
         rich_nodes_.size() * sizeof(std::uint32_t);
}

}  // namespace tape::detail
