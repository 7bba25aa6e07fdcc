// Each thread's recording stack: which tapes record the operations it runs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace tape::detail {

class TapeCore;

class ThreadState {
 public:
  // A scope opened on this thread; its id names it to pop().
  std::uint64_t push(std::shared_ptr<TapeCore> tape, bool recording);
  // Ends the scope `id` wherever it is in the stack (scopes normally end
  // LIFO; a moved one may not). A scope this thread did not open (moved to
  // another thread) is not here: nothing happens.
  void pop(std::uint64_t id);

  // Tapes whose innermost scope on this thread records.
  const std::vector<TapeCore*>& recording() const { return recording_; }
  bool is_recording(const TapeCore* tape) const;
  // Some tape's innermost scope here is a stop_recording() pause.
  bool any_paused() const { return !paused_.empty(); }
  // This tape's innermost scope here is a pause.
  bool is_paused(const TapeCore* tape) const;
  // A tape that opened a scope on this thread lately (among the last 16)
  // and whose scalar recording has this tag, if it still exists: where the
  // diagnostics keep operations run on its Scalars after its scope.
  std::shared_ptr<TapeCore> recent_scalar_tape(std::uint32_t tag) const;
  // The tape was used here (a scope, a watch): one of the recent ones.
  void note_recent(const std::shared_ptr<TapeCore>& tape);

  ThreadState() = default;
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;
  ~ThreadState();

 private:
  struct Scope {
    // Owned: a scope ended on another thread leaves its entry here, and the
    // tape must outlive it.
    std::shared_ptr<TapeCore> tape;
    bool recording;
    std::uint64_t id;
  };
  void refresh();
  std::vector<Scope> scopes_;
  std::vector<TapeCore*> recording_;
  std::vector<const TapeCore*> paused_;
  std::array<std::weak_ptr<TapeCore>, 16> recent_;
  std::size_t next_recent_ = 0;
  std::uint64_t next_id_ = 0;
};

ThreadState& thread_state();

// The tape recording on this thread when exactly one does (else null): the
// scalar fast path records on it without asking the ThreadState. Kept by
// ThreadState itself.
extern constinit thread_local TapeCore* sole_recording;

// While the runtime computes a gradient, its own operations on this thread
// explain nothing (nonzero: inside a QuietGuard).
extern constinit thread_local int runtime_quiet;

// Marks the runtime's own operations (a gradient's backward pass) so that
// they add no provenance to explain misuse with.
class QuietGuard {
 public:
  QuietGuard() { ++runtime_quiet; }
  ~QuietGuard() { --runtime_quiet; }
  QuietGuard(const QuietGuard&) = delete;
  QuietGuard& operator=(const QuietGuard&) = delete;
};

}  // namespace tape::detail
