#include "thread_state.hpp"

#include <algorithm>

#include "tape_core.hpp"

namespace tape::detail {

constinit thread_local TapeCore* sole_recording = nullptr;
constinit thread_local ScalarStream* scalar_recording = nullptr;
constinit thread_local int runtime_quiet = 0;

ThreadState& thread_state() {
  thread_local ThreadState state;
  return state;
}

std::uint64_t ThreadState::push(std::shared_ptr<TapeCore> tape, bool recording) {
  scopes_.push_back({std::move(tape), recording, ++next_id_});
  refresh();
  return next_id_;
}

void ThreadState::pop(std::uint64_t id) {
  const auto it = std::find_if(scopes_.begin(), scopes_.end(),
                               [id](const Scope& s) { return s.id == id; });
  if (it == scopes_.end()) return;
  scopes_.erase(it);
  refresh();
}

bool ThreadState::is_recording(const TapeCore* tape) const {
  return std::find(recording_.begin(), recording_.end(), tape) != recording_.end();
}

bool ThreadState::is_paused(const TapeCore* tape) const {
  return std::find(paused_.begin(), paused_.end(), tape) != paused_.end();
}

void ThreadState::refresh() {
  recording_.clear();
  paused_.clear();
  std::vector<const TapeCore*> seen;
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    if (std::find(seen.begin(), seen.end(), it->tape.get()) != seen.end()) continue;
    seen.push_back(it->tape.get());
    if (it->recording)
      recording_.push_back(it->tape.get());
    else
      paused_.push_back(it->tape.get());
  }
  sole_recording = recording_.size() == 1 ? recording_.front() : nullptr;
  scalar_recording = sole_recording ? &sole_recording->scalars : nullptr;
}

}  // namespace tape::detail
