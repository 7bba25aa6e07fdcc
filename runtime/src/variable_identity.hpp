// What all handles of one Variable share besides its value: its identity and
// its nodes on the tapes that watch it.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "tape/detail/links.hpp"

namespace tape::detail {

struct VariableIdentity {
  std::uint64_t id;
  mutable std::mutex mutex;  // tapes on several threads may watch one variable
  std::vector<Link> links;

  std::uint32_t node_on(std::uint64_t tape) const {
    std::lock_guard lock(mutex);
    for (const Link& l : links)
      if (l.tape == tape) return l.node;
    return no_node;
  }
  void add_link(Link l);
  bool linked_elsewhere(std::uint64_t tape) const {
    std::lock_guard lock(mutex);
    for (const Link& l : links)
      if (l.tape != tape) return true;
    return false;
  }
};

}  // namespace tape::detail
