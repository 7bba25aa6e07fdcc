// The newest records of a kind, oldest overwritten first: the logs of values
// exported from tapes, kept per thread while diagnostics listen.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

namespace tape::detail {

template <class Record, std::size_t Capacity>
class RingLog {
 public:
  // The slot of a new record (the oldest one's, once full).
  Record& push() {
    Record& r = records_[next_];
    next_ = (next_ + 1) % Capacity;
    used_ = std::min(used_ + 1, Capacity);
    return r;
  }
  // The newest record that `matches`, or null.
  template <class Match>
  const Record* newest(Match&& matches) const {
    for (std::size_t i = 0; i < used_; ++i) {
      const Record& r = records_[(next_ + Capacity - 1 - i) % Capacity];
      if (matches(r)) return &r;
    }
    return nullptr;
  }
  // Visits every record, newest first.
  template <class Visit>
  void each(Visit&& visit) const {
    newest([&](const Record& r) {
      visit(r);
      return false;
    });
  }

 private:
  std::array<Record, Capacity> records_{};
  std::size_t next_ = 0;
  std::size_t used_ = 0;
};

}  // namespace tape::detail
