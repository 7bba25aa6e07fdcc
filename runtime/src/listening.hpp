// Whether diagnostics listen: how many sinks do, process-wide (read by every
// operation, so one atomic word, not a call), and whether this thread's
// operations are the user's.
#pragma once

#include <atomic>

#include "tape/detail/scalar_stream.hpp"
#include "tape/diagnostics.hpp"
#include "thread_state.hpp"

namespace tape::detail {

// listening_sinks and sinks_configured (set once the file sink
// TAPE_DIAGNOSTICS names has been opened, at first use) are declared with
// tape::Scalar's inline path, which reads them too.

// diagnostics::enabled(), inline. Configured first (acquire): the file sink's
// count is then visible.
inline bool diagnostics_listening() {
  if (!sinks_configured.load(std::memory_order_acquire)) return diagnostics::enabled();
  return listening_sinks.load(std::memory_order_relaxed) > 0;
}

// Whether operations now should explain themselves: diagnostics listen, and
// the operation is the user's, not the runtime's own.
inline bool listening() { return !runtime_quiet && diagnostics_listening(); }

}  // namespace tape::detail
