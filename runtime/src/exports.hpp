// Raw exports of tracked values (item, to_vector, data), remembered so that
// a constant built from them again can be recognised: by the exported
// buffer's address (exact, even after in-place edits), or by equal values
// (a strong hint only: a literal could coincide).
#pragma once

#include <cstdint>

#include "provenance_types.hpp"
#include "tape/tensor.hpp"

namespace tape::detail {

// Remembers an export of t's values if t is tracked (a variable or recorded
// on a tape); raw data that never came from a tape is never remembered.
void note_export(const Tensor& t, const char* how, const double* address, std::int64_t count,
                 SourceLoc where);

// The breaks for a constant built from `count` values at `p`, or null.
ProvenancePtr match_import(const double* p, std::int64_t count);

// Forgets every export of this thread (for tests).
void forget_exports();

}  // namespace tape::detail
