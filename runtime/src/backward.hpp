// The backward pass: adjoints from a target node down to source nodes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tape_core.hpp"

namespace tape::detail {

// d target / d node for each source node; nullopt where the target does not
// reach the node. When another tape records on this thread, the pass runs as
// recorded tensor operations (higher-order gradients); otherwise on plain
// numbers.
std::vector<std::optional<Tensor>> backward(const TapeCore& tape, std::uint32_t target_node,
                                            const Tensor& target,
                                            const std::vector<std::uint32_t>& source_nodes);

}  // namespace tape::detail
