// The recording behind a GradientTape: its entries, the tensors its rich
// entries keep, and what it watches.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "dense.hpp"
#include "recording.hpp"
#include "scalar_recording.hpp"
#include "tensor_access.hpp"
#include "variable_identity.hpp"
#include "tape/detail/op.hpp"
#include "tape/gradient_tape.hpp"
#include "tape/source_location.hpp"

namespace tape::detail {

// What an operation needs beyond its inputs' values.
struct OpParams {
  double p = 0;              // pow's exponent
  std::int64_t begin = 0;    // slice / pad_rows
  std::int64_t end = 0;      // slice; pad_rows: the row count
  Shape shape;               // reshape, broadcast_to, sum_to: the target shape
  DType to = DType::f64;     // cast
};

// A scalar operation on scalars is recorded without a heap allocation: its
// operands' values are all its gradient needs (see Recording). Everything
// else keeps its input tensors, which stay linked to the tapes
// that recorded them, so a gradient taken inside another tape's scope is
// recorded by that tape (higher-order gradients).
struct RichEntry {
  Tensor a, b;
  Shape shape;  // the output's
  OpParams params;
  // The output's value where the rule reads it (rule_reads_output), for a
  // backward pass that no tape records: it spares computing it again.
  Tensor y;
};

// A view recorded by an entry: its memory must not change before the
// backward pass reads it. The entry's saved copy keeps `dense` alive.
struct ViewRecord {
  const Dense* dense;
  std::uint64_t checksum;
  std::uint32_t entry;
};

class TapeCore {
 public:
  TapeCore(TapeOptions options, SourceLoc made);
  ~TapeCore();
  TapeCore(const TapeCore&) = delete;
  TapeCore& operator=(const TapeCore&) = delete;

  // Renewed whenever the recording is freed, so that links to the old
  // recording's nodes go stale instead of pointing at nodes that are gone.
  std::uint64_t serial;
  const TapeOptions options;
  const SourceLoc made;
  bool released = false;
  bool answered = false;  // a non-persistent tape has answered its gradient()

  // A recording scope opens and ends. Entries are appended without a lock,
  // so a tape records on one thread at a time: opening a recording scope
  // while another thread's is alive throws tape::Error.
  void open_recording_scope();
  void end_recording_scope();
  // Runs `use` (which reads the recording, or appends an entry that only
  // explains misuse) unless a scope of this tape lives on another thread,
  // which appends without a lock; a scope opening meanwhile waits. Whether
  // it ran.
  // Runs `use` holding the lock that scopes opening and the appends above
  // take.
  template <class Use>
  void with_scope_lock(Use&& use) {
    const std::lock_guard lock(scope_mutex_);
    use();
  }
  template <class Use>
  bool unless_recording_elsewhere(Use&& use) {
    const std::lock_guard lock(scope_mutex_);
    if (recording_scopes_ > 0 && recording_thread_ != std::this_thread::get_id()) return false;
    use();
    return true;
  }

  Recording entries;
  std::vector<RichEntry> rich;
  std::unordered_map<std::uint64_t, std::uint32_t> watched_constants;
  std::vector<ViewRecord> views;
  ScalarRecording scalars;

  // The node standing for t on this tape, or no_node.
  std::uint32_t node_of(const Tensor& t) const {
    if (const VariableIdentity* v = TensorAccess::variable(t)) return v->node_on(serial);
    const std::uint32_t n = TensorAccess::find_link(t, serial);
    if (n != no_node || watched_constants.empty()) return n;
    return watched_node(t);
  }
  // Like node_of, but reading a variable in scope watches it (if allowed).
  std::uint32_t track(const Tensor& t) {
    const std::uint32_t n = node_of(t);
    if (n != no_node || !options.watch_accessed_variables || !TensorAccess::variable(t)) return n;
    return watch_on_read(t);
  }
  std::uint32_t watch(const Tensor& t);

  [[gnu::always_inline]] std::uint32_t append_scalar(Op op, DType d, std::uint32_t in0,
                                                     std::uint32_t in1, const ScalarValues& v) {
    return entries.append_scalar(op, d, in0, in1, v);
  }
  std::uint32_t append_rich(Op op, DType d, std::uint32_t in0, std::uint32_t in1, RichEntry r);
  // Frees the recording.
  void clear();

 private:
  std::mutex scope_mutex_;
  std::thread::id recording_thread_;
  int recording_scopes_ = 0;

  std::uint32_t watched_node(const Tensor& t) const;
  std::uint32_t watch_on_read(const Tensor& t);
  std::uint32_t add_leaf(const Tensor& t);
  void remember_view(const Tensor& t, std::uint32_t entry);
};

std::uint64_t view_checksum(const Dense& d);

// Whether the recording a serial names still exists.
bool recording_alive(std::uint64_t serial);

}  // namespace tape::detail
