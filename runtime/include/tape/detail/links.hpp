// Which tapes have recorded a tensor, and as which node.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace tape::detail {

inline constexpr std::uint32_t no_node = 0xffffffffu;

// A tensor's node on one tape. Tapes are named by a serial number, never by
// pointer, so a tensor that outlives its tape holds nothing dangling.
struct Link {
  std::uint64_t tape = 0;
  std::uint32_t node = no_node;
};

// Almost every tensor is recorded on at most one tape; nested tapes spill the
// rest into a shared list (copied on write).
class Links {
 public:
  std::uint32_t find(std::uint64_t tape) const {
    if (first_.tape == tape) return first_.node;
    if (rest_)
      for (const Link& l : *rest_)
        if (l.tape == tape) return l.node;
    return no_node;
  }
  void add(Link l) {
    if (first_.tape == 0) {
      first_ = l;
      return;
    }
    auto rest = rest_ ? std::make_shared<std::vector<Link>>(*rest_)
                      : std::make_shared<std::vector<Link>>();
    rest->push_back(l);
    rest_ = std::move(rest);
  }
  bool empty() const { return first_.tape == 0; }
  // True when some tape other than `tape` has recorded this tensor.
  bool linked_elsewhere(std::uint64_t tape) const {
    if (first_.tape != 0 && first_.tape != tape) return true;
    return rest_ && !rest_->empty();
  }
  template <class F>
  void for_each(F&& f) const {
    if (first_.tape == 0) return;
    f(first_);
    if (rest_)
      for (const Link& l : *rest_) f(l);
  }

 private:
  Link first_;
  std::shared_ptr<const std::vector<Link>> rest_;
};

}  // namespace tape::detail
