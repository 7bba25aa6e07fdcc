// The part of a tape's scalar recording that tape::Scalar's operations write
// inline: a write pointer into the current block and the next node number.
// The rest (blocks, backward pass, diagnostics) is the runtime's own.
#pragma once

#include <atomic>
#include <cstdint>

namespace tape::detail {

// An entry is its payload (input node numbers, then partial derivatives),
// then one byte naming its kind, so that a backward walk reads the kind first.
// The *_prev kinds take the node just before theirs as an input without
// storing it (element-wise code mostly feeds an operation the one before).
enum class ScalarKind : unsigned char {
  leaf,         // no payload
  pass,         // in; d = 1
  neg,          // in; d = -1
  add,          // in0, in1; d = 1, 1
  sub,          // in0, in1; d = 1, -1
  unary,        // in, d
  binary,       // in0, in1, d0, d1
  pass_prev,    // (prev); d = 1
  neg_prev,     // (prev); d = -1
  unary_prev,   // (prev), d
  add_prev,     // in, (prev); d = 1, 1
  binary_prev,  // in, (prev), d_in, d_prev
};
inline constexpr unsigned char scalar_entry_bytes[] = {1, 5, 5, 9, 9, 13, 25, 1, 1, 9, 5, 21};
inline constexpr unsigned scalar_largest_entry = 25;
constexpr unsigned char entry_bytes(ScalarKind k) { return scalar_entry_bytes[static_cast<int>(k)]; }

// Flags on an entry's kind byte for entries recorded only to explain misuse
// (while diagnostics listen); no gradient passes through them.
inline constexpr unsigned char scalar_unrecorded = 0x80;  // ran while its tape did not record
inline constexpr unsigned char scalar_explaining = 0x40;  // in scope, but on no tape value
inline constexpr unsigned char scalar_flags = scalar_unrecorded | scalar_explaining;

// A Scalar whose tape_ carries this bit is the value of such an entry: a
// constant to the tape, whose node only explains. Tags stay below it.
inline constexpr std::uint32_t scalar_explaining_value = 0x80000000u;

struct ScalarStream {
  unsigned char* next = nullptr;  // where the next entry goes
  unsigned char* end = nullptr;   // the largest entry fits while next < end
  std::uint32_t nodes = 0;        // node numbers handed out
  std::uint32_t tag = 0;          // names this recording; never 0, below 2^31
};

// The scalar recording of the one tape that records on this thread, or null
// when none or several do (kept by the thread's recording stack).
extern constinit thread_local ScalarStream* scalar_recording;

// This thread exported a tape's Scalar with value() while diagnostics
// listened: a plain number next to a Scalar may be that value coming back.
extern constinit thread_local bool scalar_exports_logged;

// Whether diagnostics may listen: the sink named by TAPE_DIAGNOSTICS is not
// configured yet, or some sink listens. Defined with the diagnostics.
extern constinit std::atomic<int> listening_sinks;
extern constinit std::atomic<bool> sinks_configured;

inline bool diagnostics_may_listen() {
  return !sinks_configured.load(std::memory_order_acquire) ||
         listening_sinks.load(std::memory_order_relaxed) > 0;
}

}  // namespace tape::detail
