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

ThreadState::~ThreadState() {
  // A later thread_local destructor must not record into the tapes gone.
  sole_recording = nullptr;
  scalar_recording = nullptr;
}

void ThreadState::note_recent(const std::shared_ptr<TapeCore>& tape) {
  // Owner comparison: no reference count touched (watch() calls it per source).
  const std::weak_ptr<TapeCore>& last = recent_[(next_recent_ + recent_.size() - 1) % recent_.size()];
  if (!last.owner_before(tape) && !tape.owner_before(last)) return;
  recent_[next_recent_] = tape;
  next_recent_ = (next_recent_ + 1) % recent_.size();
}

std::uint64_t ThreadState::push(std::shared_ptr<TapeCore> tape, bool recording) {
  note_recent(tape);
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

std::shared_ptr<TapeCore> ThreadState::recent_scalar_tape(std::uint32_t tag) const {
  for (const std::weak_ptr<TapeCore>& w : recent_)
    if (std::shared_ptr<TapeCore> t = w.lock(); t && t->scalars.tag == tag) return t;
  return nullptr;
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
