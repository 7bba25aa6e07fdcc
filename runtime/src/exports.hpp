// Raw exports of tracked values (item, to_vector, data), remembered so that
// a constant built from them again can be recognised: by the exported
// buffer's address (exact, even after in-place edits), or by equal values
// (a strong hint only: a literal could coincide).
#pragma once

#include <cstdint>

#include "listening.hpp"
#include "provenance_types.hpp"
#include "tape/tensor.hpp"

namespace tape::detail {

// Remembers an export of t's values if t is tracked (a variable or recorded
// on a tape); raw data that never came from a tape is never remembered.
void note_export(const Tensor& t, const char* how, const double* address, std::int64_t count,
                 SourceLoc where);

// Whether this thread's export log holds anything: asked before the log
// itself, a thread_local built at first use (behind an initialisation
// guard), where this flag is constant-initialised and needs none.
extern constinit thread_local bool exports_logged;
// match_import's out-of-line part.
ProvenancePtr match_logged_import(const double* p, std::int64_t count);
// The breaks for a constant built from `count` values at `p`, or null.
// Exports are logged only while diagnostics listen, and only listening
// operations pass provenance on: a silent thread, or one that exported
// nothing, skips the log, inline (every plain number next to a tensor asks).
inline ProvenancePtr match_import(const double* p, std::int64_t count) {
  return listening() && exports_logged ? match_logged_import(p, count) : nullptr;
}

}  // namespace tape::detail
