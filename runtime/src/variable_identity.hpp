// What all handles of one Variable share besides its value: its identity and
// its nodes on the tapes that watch it.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "spin_lock.hpp"
#include "tape/detail/links.hpp"

namespace tape::detail {

class VariableIdentity {
 public:
  explicit VariableIdentity(std::uint64_t variable_id) : id(variable_id) {}
  const std::uint64_t id;

  // Reading a variable is the hot path of scalar code: the newest link is
  // answered from one atomic word, the rest under the lock.
  std::uint32_t node_on(std::uint64_t tape) const {
    const std::uint64_t hot = newest_.load(std::memory_order_acquire);
    if (hot != 0 && (hot >> 32) == tape) return static_cast<std::uint32_t>(hot);
    // No link, or one that the hot word shows is another tape's (a hot word
    // of 0 with one link is a serial too large to pack: look it up).
    const int n = count_.load(std::memory_order_acquire);
    if (n == 0 || (n == 1 && hot != 0)) return no_node;
    std::lock_guard hold(lock_);
    for (const Link& l : links_)
      if (l.tape == tape) return l.node;
    return no_node;
  }

  // The common case of scalar code, in one load of each word: this tape's
  // link is the variable's only one. Then `node` is its node there.
  bool only_on(std::uint64_t tape, std::uint32_t& node) const {
    const std::uint64_t hot = newest_.load(std::memory_order_acquire);
    if (hot == 0 || (hot >> 32) != tape || count_.load(std::memory_order_acquire) != 1)
      return false;
    node = static_cast<std::uint32_t>(hot);
    return true;
  }

  // True when a tape other than `tape` has a node for this variable.
  bool linked_elsewhere(std::uint64_t tape) const {
    const int n = count_.load(std::memory_order_acquire);
    if (n == 0) return false;
    if (n > 1) return true;
    return (newest_.load(std::memory_order_acquire) >> 32) != tape;
  }

  void add_link(Link l);

 private:
  static std::uint64_t pack(Link l) {
    // Serials past 2^32 (billions of recordings) skip the fast path.
    return l.tape < (1ull << 32) ? (l.tape << 32) | l.node : 0;
  }
  mutable SpinLock lock_;  // tapes on several threads may watch one variable
  std::vector<Link> links_;
  std::atomic<std::uint64_t> newest_{0};
  std::atomic<int> count_{0};
};

}  // namespace tape::detail
