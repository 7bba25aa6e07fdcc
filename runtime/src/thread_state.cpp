#include "thread_state.hpp"

#include <algorithm>

namespace tape::detail {

constinit thread_local TapeCore* sole_recording = nullptr;
constinit thread_local int runtime_quiet = 0;

ThreadState& thread_state() {
  thread_local ThreadState state;
  return state;
}

void ThreadState::push(TapeCore* tape, bool recording) {
  scopes_.push_back({tape, recording});
  refresh();
}

// Scopes normally end LIFO; one that ends out of order is removed all the same.
void ThreadState::pop(TapeCore* tape, bool recording) {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it)
    if (it->tape == tape && it->recording == recording) {
      scopes_.erase(std::next(it).base());
      break;
    }
  refresh();
}

bool ThreadState::is_recording(const TapeCore* tape) const {
  return std::find(recording_.begin(), recording_.end(), tape) != recording_.end();
}

void ThreadState::refresh() {
  recording_.clear();
  paused_ = 0;
  std::vector<const TapeCore*> seen;
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    if (std::find(seen.begin(), seen.end(), it->tape) != seen.end()) continue;
    seen.push_back(it->tape);
    if (it->recording)
      recording_.push_back(it->tape);
    else
      ++paused_;
  }
  sole_recording = recording_.size() == 1 ? recording_.front() : nullptr;
}

}  // namespace tape::detail
