// Building provenance: combining the breaks of an operation's inputs with
// the ones it adds.
#pragma once

#include <span>

#include "provenance_types.hpp"
#include "tape/tensor.hpp"

namespace tape::detail {

// The union of a's and b's breaks plus `added`, sharing an existing object
// whenever nothing new arrives (the common case allocates nothing).
ProvenancePtr combine(const ProvenancePtr& a, const ProvenancePtr& b, std::span<const Break> added);

// The identities through which a tensor can be a gradient source: its
// variable, the tape nodes it is recorded as, or itself if the user made it.
// Each becomes a break of the given kind.
void origins_as_breaks(const Tensor& t, BreakKind kind, const char* step, SourceLoc where,
                       std::vector<Break>& out);

}  // namespace tape::detail
