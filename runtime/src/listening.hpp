// How many sinks listen to diagnostics, process-wide: read by every operation,
// so it is one atomic word, not a call.
#pragma once

#include <atomic>

#include "tape/diagnostics.hpp"

namespace tape::detail {

extern constinit std::atomic<int> listening_sinks;
// Set once the file sink TAPE_DIAGNOSTICS names has been opened (at first use).
extern constinit std::atomic<bool> sinks_configured;

// diagnostics::enabled(), inline. Configured first (acquire): the file sink's
// count is then visible.
inline bool diagnostics_listening() {
  if (!sinks_configured.load(std::memory_order_acquire)) return diagnostics::enabled();
  return listening_sinks.load(std::memory_order_relaxed) > 0;
}

}  // namespace tape::detail
