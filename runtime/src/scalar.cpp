// tape::Scalar's out-of-line paths: operations the inline path leaves, and
// the bookkeeping that explains misuse while diagnostics listen.
#include "tape/scalar.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "listening.hpp"
#include "ring_log.hpp"
#include "scalar_explain.hpp"
#include "tape/error.hpp"
#include "tape_core.hpp"
#include "thread_state.hpp"

namespace tape::detail {

constinit thread_local bool scalar_exports_logged = false;

namespace {

using Ops = ScalarOps;

bool named(const Scalar* s) { return s && Ops::tape(*s) == 0 && Ops::node(*s) != no_node; }

Scalar plain(double v) { return Ops::make(v, no_node, 0); }

// Values value() exported from a tape (while diagnostics listen).
struct ScalarExport {
  double value = 0;
  ImportOrigin origin;
};
using ScalarExportLog = RingLog<ScalarExport, 256>;

ScalarExportLog& export_log() {
  thread_local ScalarExportLog log;
  return log;
}

// A number literals spell (four significant digits or fewer: 0.5, 2, 0.001,
// 1.25) turns up everywhere; an equal value proves nothing for it. Values a
// computation exports rarely are that round.
bool distinctive(double v) {
  if (!std::isfinite(v)) return false;
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return std::strtod(text, nullptr) != v;
}

// The export a number equals, if any (newest first).
const ImportOrigin* matching_export(double v) {
  if (!scalar_exports_logged || !distinctive(v)) return nullptr;
  const ScalarExport* e = export_log().newest([v](const ScalarExport& e) { return e.value == v; });
  return e ? &e->origin : nullptr;
}

// A constant computed while diagnostics listen: named, and derived from the
// named constants among its operands.
Scalar named_result(double v, const Scalar& a, const Scalar* b) {
  ConstantNames& names = ConstantNames::here();
  const std::uint32_t name = names.fresh();
  if (named(&a) || named(b)) {
    const auto& recording = thread_state().recording();
    names.derive(name, named(&a) ? Ops::node(a) : no_node, named(b) ? Ops::node(*b) : no_node,
                 recording.empty() ? 0 : recording.front()->scalars.tag);
  }
  return Ops::make(v, name, 0);
}

// The input standing for s in an entry of r while diagnostics listen: its
// node if it is r's (a tape value or one that only explains), else the
// shadow of a named constant or of a value of another recording; no_node
// for a plain constant.
std::uint32_t explaining_input(ScalarRecording& r, const Scalar* s) {
  if (!s) return no_node;
  if (recording_tag(*s) == r.tag) return Ops::node(*s);
  const ShadowKey key = constant_key(*s);
  return key == no_shadow ? no_node : r.shadow_of(key);
}

std::uint32_t tape_input(const ScalarRecording& r, const Scalar* s) {
  return s ? tape_node(r, *s) : no_node;
}

// Records the operation on `tape`, which records here. Its tape values are
// its inputs; while diagnostics listen, so are the operands that only
// explain. Without a tape value among them the entry only explains, and its
// value stays a constant to the tape.
Scalar record_on(TapeCore& tape, double v, const Scalar& a, double da, const Scalar* b, double db,
                 bool listen) {
  ScalarRecording& r = tape.scalars;
  const bool on_tape = tape_input(r, &a) != no_node || tape_input(r, b) != no_node;
  if (!listen) {
    if (!on_tape) return plain(v);
    return Ops::make(v, r.append(0, tape_input(r, &a), da, tape_input(r, b), db), r.tag);
  }
  if (!on_tape && !r.room_to_explain()) return named_result(v, a, b);
  const std::uint32_t in0 = explaining_input(r, &a), in1 = explaining_input(r, b);
  if (in0 == no_node && in1 == no_node) return named_result(v, a, b);
  if (on_tape) return Ops::make(v, r.append(0, in0, da, in1, db), r.tag);
  return Ops::make(v, r.append(scalar_explaining, in0, da, in1, db), r.tag | scalar_explaining_value);
}

// An operation on the Scalars of a tape that does not record here (diagnostics
// listen): kept on that tape, unrecorded, to explain the gradient it leaves
// missing; not when the tape is paused here on purpose.
std::optional<Scalar> record_unrecorded(double v, const Scalar& a, double da, const Scalar* b,
                                        double db) {
  ThreadState& here = thread_state();
  for (const Scalar* s : {&a, b}) {
    if (!s || Ops::tape(*s) == 0) continue;
    const std::shared_ptr<TapeCore> tape = here.recent_scalar_tape(recording_tag(*s));
    if (!tape || here.is_paused(tape.get()) || !tape->scalars.room_to_explain()) continue;
    std::optional<Scalar> out;
    tape->unless_recording_elsewhere([&] {
      ScalarRecording& r = tape->scalars;
      const std::uint32_t node =
          r.append(scalar_unrecorded, explaining_input(r, &a), da, explaining_input(r, b), db);
      out = Ops::make(v, node, r.tag | scalar_explaining_value);
    });
    if (out) return out;
  }
  return std::nullopt;
}

TapeCore* recording_here(std::uint32_t tag) {
  if (tag == 0) return nullptr;
  for (TapeCore* t : thread_state().recording())
    if (t->scalars.tag == tag) return t;
  return nullptr;
}

// While several tapes record here (diagnostics listen), an operation
// recorded on one is kept on the others too, as an entry that only
// explains (its operands are constants to them), so that their gradient()
// can tell a source they never watched. The entry stands for the result.
void mirror(TapeCore& recorded_on, const Scalar& result, const Scalar& a, double da,
            const Scalar* b, double db) {
  for (TapeCore* other : thread_state().recording()) {
    ScalarRecording& r = other->scalars;
    if (other == &recorded_on || !r.room_to_explain()) continue;
    const std::uint32_t in0 = explaining_input(r, &a), in1 = explaining_input(r, b);
    if (in0 == no_node && in1 == no_node) continue;
    const std::uint32_t node = r.append(scalar_explaining, in0, da, in1, db);
    r.alias_shadow(constant_key(result), node);
  }
}

}  // namespace

Scalar record_scalar(double v, const Scalar& a, double da, const Scalar* b, double db) {
  TapeCore* on_a = recording_here(Ops::tape(a));
  TapeCore* on_b = b ? recording_here(Ops::tape(*b)) : nullptr;
  if (on_a && on_b && on_a != on_b)
    throw Error("tape::Scalar: the operands are values of two tapes that both record here; a "
                "Scalar is recorded on the one tape that watched it (use Tensor for nested tapes)");
  const bool listen = listening();
  if (TapeCore* on = on_a ? on_a : on_b) {
    const Scalar result = record_on(*on, v, a, da, b, db, listen);
    if (listen && thread_state().recording().size() > 1) mirror(*on, result, a, da, b, db);
    return result;
  }
  if (!listen) return plain(v);
  // Values that only explain, of a tape recording here.
  for (const Scalar* s : {&a, b})
    if (s && Ops::tape(*s) != 0)
      if (TapeCore* t = recording_here(recording_tag(*s))) return record_on(*t, v, a, da, b, db, listen);
  const bool of_a_tape = Ops::tape(a) != 0 || (b && Ops::tape(*b) != 0);
  if (of_a_tape)
    if (std::optional<Scalar> kept = record_unrecorded(v, a, da, b, db)) return *kept;
  // Values of another or an earlier recording, constants to the tape
  // recording here.
  const auto& recording = thread_state().recording();
  if (of_a_tape && !recording.empty()) return record_on(*recording.front(), v, a, da, b, db, listen);
  return named_result(v, a, b);
}

Scalar record_with_number(double v, const Scalar& a, double da, double number, double dnumber) {
  if (listening())
    if (const ImportOrigin* o = matching_export(number)) {
      ConstantNames& names = ConstantNames::here();
      const Scalar imported = Ops::make(number, names.fresh(), 0);
      names.import(Ops::node(imported), *o);
      return record_scalar(v, a, da, &imported, dnumber);
    }
  return record_scalar(v, a, da, nullptr, 0);
}

Scalar listened_constant(double v) {
  if (!listening()) return plain(v);
  ConstantNames& names = ConstantNames::here();
  const Scalar c = Ops::make(v, names.fresh(), 0);
  if (const ImportOrigin* o = matching_export(v)) names.import(Ops::node(c), *o);
  return c;
}

void note_scalar_export(const Scalar& s, std::source_location where) {
  if (!listening() || !distinctive(Ops::value(s))) return;
  export_log().push() = {Ops::value(s), {recording_tag(s), Ops::node(s), SourceLoc::from(where)}};
  scalar_exports_logged = true;
}

}  // namespace tape::detail
