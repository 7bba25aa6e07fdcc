// tape::Scalar's out-of-line paths: operations the inline path leaves, and
// the bookkeeping that explains misuse while diagnostics listen.
#include "tape/scalar.hpp"

#include <array>
#include <atomic>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include "listening.hpp"
#include "tape/error.hpp"
#include "tape_core.hpp"
#include "thread_state.hpp"

namespace tape::detail {

namespace {

using Ops = ScalarOps;

// Tapes by their scalar recording's tag, for the entries that explain misuse:
// an operation run while its operands' tape does not record, a constant
// built from a value that tape exported.
struct ScalarTapes {
  std::mutex mutex;
  std::unordered_map<std::uint32_t, std::weak_ptr<TapeCore>> by_tag;
};

ScalarTapes& scalar_tapes() {
  static ScalarTapes t;
  return t;
}

std::shared_ptr<TapeCore> scalar_tape(std::uint32_t tag) {
  ScalarTapes& t = scalar_tapes();
  const std::lock_guard lock(t.mutex);
  const auto it = t.by_tag.find(tag);
  if (it == t.by_tag.end()) return nullptr;
  std::shared_ptr<TapeCore> core = it->second.lock();
  if (!core || core->scalars.tag != tag || core->recording_elsewhere()) return nullptr;
  return core;
}

// Values value() exported from a tape, newest last (while diagnostics listen).
struct ScalarExport {
  double value = 0;
  std::uint32_t tag = 0;
  std::uint32_t node = no_node;
  SourceLoc where;
};
struct ScalarExportLog {
  static constexpr std::size_t capacity = 64;
  std::array<ScalarExport, capacity> records;
  std::size_t next = 0;
  std::size_t used = 0;
};

ScalarExportLog& export_log() {
  thread_local ScalarExportLog log;
  return log;
}

// 0 and ±1 turn up everywhere; equal values prove nothing for them.
bool distinctive(double v) { return v != 0.0 && std::fabs(v) != 1.0 && !std::isnan(v); }

Scalar plain(double v) { return Ops::make(v, no_node, 0); }

Scalar named_constant(double v) {
  static std::atomic<std::uint32_t> last{0};
  std::uint32_t name;
  do name = last.fetch_add(1, std::memory_order_relaxed) + 1;
  while (name == 0 || name == no_node);
  return Ops::make(v, name, 0);
}

bool named(const Scalar* s) { return s && Ops::tape(*s) == 0 && Ops::node(*s) != no_node; }

TapeCore* recording_here(std::uint32_t tag) {
  if (tag == 0) return nullptr;
  for (TapeCore* t : thread_state().recording())
    if (t->scalars.tag == tag) return t;
  return nullptr;
}

// Records the operation on `tape`. Operands of other recordings are constants
// to it; a named constant (diagnostics listen) is an input through its shadow.
Scalar append_on(TapeCore& tape, unsigned char flags, double v, const Scalar& a, double da,
                 const Scalar* b, double db, bool listen) {
  ScalarRecording& r = tape.scalars;
  auto input = [&](const Scalar* s) {
    if (!s) return no_node;
    if (Ops::tape(*s) == r.tag) return Ops::node(*s);
    return listen && flags == 0 && named(s) ? r.shadow_of(Ops::node(*s)) : no_node;
  };
  const std::uint32_t in0 = input(&a), in1 = input(b);
  if (in0 == no_node && in1 == no_node) return listen ? named_constant(v) : plain(v);
  return Ops::make(v, r.append(flags, in0, da, in1, db), r.tag);
}

}  // namespace

void register_scalar_tape(const std::shared_ptr<TapeCore>& core) {
  ScalarTapes& t = scalar_tapes();
  const std::lock_guard lock(t.mutex);
  t.by_tag[core->scalars.tag] = core;
}

void unregister_scalar_tape(std::uint32_t tag) {
  ScalarTapes& t = scalar_tapes();
  const std::lock_guard lock(t.mutex);
  t.by_tag.erase(tag);
}

Scalar record_scalar(double v, const Scalar& a, double da, const Scalar* b, double db) {
  TapeCore* on_a = recording_here(Ops::tape(a));
  TapeCore* on_b = b ? recording_here(Ops::tape(*b)) : nullptr;
  if (on_a && on_b && on_a != on_b)
    throw Error("tape::Scalar: the operands are values of two tapes that both record here; a "
                "Scalar is recorded on the one tape that watched it (use Tensor for nested tapes)");
  const bool listen = listening();
  if (TapeCore* on = on_a ? on_a : on_b) return append_on(*on, 0, v, a, da, b, db, listen);
  if (!listen) return plain(v);
  // Operands of a tape that does not record here: the operation is kept, as
  // unrecorded, to explain the gradient it leaves missing, unless the tape
  // is paused here on purpose (stop_recording()).
  for (const Scalar* s : {&a, b})
    if (s && Ops::tape(*s) != 0)
      if (std::shared_ptr<TapeCore> tape = scalar_tape(Ops::tape(*s)))
        return thread_state().is_paused(tape.get())
                   ? named_constant(v)
                   : append_on(*tape, scalar_unrecorded, v, a, da, b, db, listen);
  const auto& recording = thread_state().recording();
  if (!recording.empty() && (named(&a) || named(b)))
    return append_on(*recording.front(), 0, v, a, da, b, db, listen);
  return named_constant(v);
}

Scalar listened_constant(double v) {
  if (!listening()) return plain(v);
  if (distinctive(v)) {
    const ScalarExportLog& log = export_log();
    for (std::size_t i = 0; i < log.used; ++i) {
      const ScalarExport& e =
          log.records[(log.next + ScalarExportLog::capacity - 1 - i) % ScalarExportLog::capacity];
      if (e.value != v) continue;
      if (std::shared_ptr<TapeCore> tape = scalar_tape(e.tag))
        return Ops::make(v, tape->scalars.append_imported(e.node, e.where), e.tag);
    }
  }
  return named_constant(v);
}

void note_scalar_export(const Scalar& s, std::source_location where) {
  if (!listening() || !distinctive(Ops::value(s))) return;
  ScalarExportLog& log = export_log();
  log.records[log.next] = {Ops::value(s), Ops::tape(s), Ops::node(s), SourceLoc::from(where)};
  log.next = (log.next + 1) % ScalarExportLog::capacity;
  log.used = std::min(log.used + 1, ScalarExportLog::capacity);
}

}  // namespace tape::detail
