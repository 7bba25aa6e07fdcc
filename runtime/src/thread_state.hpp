// Each thread's recording stack: which tapes record the operations it runs.
#pragma once

#include <cstdint>
#include <vector>

namespace tape::detail {

class TapeCore;

class ThreadState {
 public:
  void push(TapeCore* tape, bool recording);
  void pop(TapeCore* tape, bool recording);

  // Tapes whose innermost scope on this thread records.
  const std::vector<TapeCore*>& recording() const { return recording_; }
  bool is_recording(const TapeCore* tape) const;
  // Some tape's innermost scope here is a stop_recording() pause.
  bool any_paused() const { return paused_ > 0; }

 private:
  struct Scope {
    TapeCore* tape;
    bool recording;
  };
  void refresh();
  std::vector<Scope> scopes_;
  std::vector<TapeCore*> recording_;
  int paused_ = 0;
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
