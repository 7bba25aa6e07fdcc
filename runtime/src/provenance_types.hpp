// Provenance: the cheap history a tensor carries so that a missing gradient
// can be explained. A tensor with nothing unusual in its past carries none
// (a null pointer); a "break" is recorded only where a dependency on a
// potential gradient source stopped being visible to a tape.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "tape/source_location.hpp"

namespace tape::detail {

enum class BreakKind : std::uint8_t {
  unrecorded,   // an operation ran while no tape that tracked the input recorded
  untracked,    // the input was read inside a recording scope without being watched
  exported,     // the value left as raw data (item/to_vector/data) and came back
  nondiff,      // the path crossed a non-differentiable operation
};

enum class OriginKind : std::uint8_t {
  variable,   // id: the Variable's id
  constant,   // id: the tensor's id
  tape_node,  // id: tape serial, node: the node on that tape
};

struct Break {
  BreakKind kind;
  OriginKind origin;
  std::uint32_t node = 0;
  std::uint64_t id = 0;
  std::uint64_t tape = 0;      // untracked: the tape that was recording
  const char* step = nullptr;  // the operation or export that broke the path
  SourceLoc where;             // where that step ran, when known
  bool exact = true;           // exported: false when only equal values tie it

  bool same_as(const Break& o) const {
    return kind == o.kind && origin == o.origin && id == o.id && node == o.node &&
           tape == o.tape;
  }
};

// Immutable once built; shared between tensors.
struct Provenance {
  static constexpr std::size_t capacity = 16;
  std::vector<Break> breaks;
  // More breaks arrived than fit: absence of a break proves nothing then.
  bool overflowed = false;
};

using ProvenancePtr = std::shared_ptr<const Provenance>;

}  // namespace tape::detail
