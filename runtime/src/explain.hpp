// Why a gradient is missing or partial: the check that a gradient() call
// and source fall under, by API.md's order of precedence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tape_core.hpp"

namespace tape::detail {

struct Finding {
  std::string_view check;
  std::string message;
  bool exact = true;
};

// Cheap test, for use while the source is at hand: false when no finding
// for this source is possible (nothing in the target's history can concern
// it), so explain_gradient need not run.
bool may_explain(const TapeCore& tape, const Tensor& target, const Tensor& source);

// The finding for d target / d source on `tape`, or none when the gradient
// is whole or the target simply does not depend on the source. `source_node`:
// the source's node on the tape, or no_node; `missing`: the gradient came
// back empty.
std::optional<Finding> explain_gradient(const TapeCore& tape, const Tensor& target,
                                        std::uint32_t target_node, const Tensor& source,
                                        std::uint32_t source_node, bool missing);

}  // namespace tape::detail
