// A tensor's node on a tape.
#pragma once

#include <cstdint>

namespace tape::detail {

inline constexpr std::uint32_t no_node = 0xffffffffu;

// A tensor's node on one tape. Tapes are named by a serial number, never by
// pointer, so a tensor that outlives its tape holds nothing dangling.
struct Link {
  std::uint64_t tape = 0;
  std::uint32_t node = no_node;
};

}  // namespace tape::detail
