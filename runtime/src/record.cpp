#include "record.hpp"

#include <vector>

#include "provenance.hpp"
#include "listening.hpp"
#include "tensor_access.hpp"
#include "thread_state.hpp"
#include "variable_identity.hpp"

namespace tape::detail {

bool linked_elsewhere(const Tensor& t, std::uint64_t tape) {
  if (const VariableIdentity* v = TensorAccess::variable(t)) return v->linked_elsewhere(tape);
  return TensorAccess::links_elsewhere(t, tape);
}

namespace {

bool records_tape(const ThreadState& ts, std::uint64_t serial) {
  for (const TapeCore* t : ts.recording())
    if (t->serial == serial) return true;
  return false;
}

// Why a dependency of `out` on x's identities is invisible to some tape.
void unrecorded_breaks(const Tensor& x, bool tracked, const char* step, SourceLoc where,
                       const ThreadState& ts, std::vector<Break>& out) {
  if (ts.any_paused()) return;  // stop_recording() is a deliberate cut
  const bool in_scope = !ts.recording().empty();
  const BreakKind kind = in_scope ? BreakKind::untracked : BreakKind::unrecorded;
  const std::uint64_t scope_tape = in_scope ? ts.recording().front()->serial : 0;
  if (const VariableIdentity* v = TensorAccess::variable(x)) {
    if (!tracked) out.push_back({kind, OriginKind::variable, 0, v->id, scope_tape, step, where});
    return;
  }
  TensorAccess::for_each_link(x, [&](const Link& l) {
    if (!records_tape(ts, l.tape))
      out.push_back({BreakKind::unrecorded, OriginKind::tape_node, l.node, 0, l.tape, step, where});
  });
  if (TensorAccess::unrecorded_constant(x) && !tracked)
    out.push_back({kind, OriginKind::constant, 0, TensorAccess::id(x), scope_tape, step, where});
}

// A recorded input whose only links are to the one recording tape: it adds
// no break (see unrecorded_breaks).
bool plain_input(const Tensor& x, const ThreadState& ts) {
  if (TensorAccess::variable(x)) return true;
  return ts.recording().size() == 1 &&
         !TensorAccess::links_elsewhere(x, ts.recording().front()->serial);
}

// An input that adds no break of its own (see unrecorded_breaks).
bool adds_no_break(const Tensor& x, bool tracked, const ThreadState& ts) {
  return tracked ? plain_input(x, ts) : anonymous(x);
}

// Call only while listening().
void explain(const Tensor& a, const Tensor* b, const bool tracked[2], const char* step,
             SourceLoc where, bool nondiff, const ThreadState& ts, Tensor& out) {
  // The common case: no input adds a break.
  if (!nondiff && adds_no_break(a, tracked[0], ts) && (!b || adds_no_break(*b, tracked[1], ts)))
    return inherit(a, b, out);
  std::vector<Break> added;
  const Tensor* inputs[2] = {&a, b};
  for (int i = 0; i < 2; ++i) {
    if (!inputs[i]) continue;
    if (nondiff)
      origins_as_breaks(*inputs[i], BreakKind::nondiff, step, where, added);
    else
      unrecorded_breaks(*inputs[i], tracked[i], step, where, ts, added);
  }
  TensorAccess::set_provenance(
      out, combine(TensorAccess::provenance(a),
                   b ? TensorAccess::provenance(*b) : ProvenancePtr{}, added));
}

}  // namespace

void record(Op op, const Tensor& a, const Tensor* b, const OpParams& params, Tensor& out,
            SourceLoc where) {
  ThreadState& ts = thread_state();
  bool tracked[2] = {false, false};
  for (TapeCore* tape : ts.recording()) {
    const std::uint32_t na = tape->track(a);
    const std::uint32_t nb = b ? tape->track(*b) : no_node;
    if (na == no_node && nb == no_node) continue;
    tracked[0] |= na != no_node;
    tracked[1] |= nb != no_node;
    const std::uint32_t node = tape->append_rich(
        op, out.dtype(), na, nb,
        RichEntry{a, b ? *b : Tensor{}, out.shape(), params,
                  rule_reads_output(op) ? TensorAccess::detached(out) : Tensor{}});
    TensorAccess::add_link(out, {tape->serial, node});
  }
  if (listening()) explain(a, b, tracked, op_name(op), where, false, ts, out);
}

bool variable_operand(TapeCore& tape, const Tensor& x, std::uint32_t& node) {
  const VariableIdentity* v = TensorAccess::variable(x);
  if (!v || !TensorAccess::is_scalar(x)) return false;
  if (v->only_on(tape.serial, node)) return true;
  // Tracking first: watching the variable drops its links to recordings
  // that are gone (last step's tape), which are no other tape's.
  node = tape.track(x);
  return !v->linked_elsewhere(tape.serial);
}

void inherit_combined(const Tensor& a, const Tensor& b, Tensor& out) {
  const ProvenancePtr& pa = TensorAccess::provenance(a);
  const ProvenancePtr& pb = TensorAccess::provenance(b);
  TensorAccess::set_provenance(out, !pa ? pb : pb == pa ? pa : combine(pa, pb, {}));
}

void explain_elementwise(Op op, const Tensor& a, const Tensor* b, bool tracked_a, bool tracked_b,
                         Tensor& out, SourceLoc where) {
  const bool tracked[2] = {tracked_a, tracked_b};
  explain(a, b, tracked, op_name(op), where, false, thread_state(), out);
}

void record_elementwise_general(Op op, const Tensor& a, const Tensor* b, double p, Tensor& out,
                                SourceLoc where) {
  ThreadState& ts = thread_state();
  if (ts.recording().size() != 1 || !TensorAccess::is_scalar(a) ||
      (b && !TensorAccess::is_scalar(*b)))
    return record(op, a, b, OpParams{.p = p}, out, where);
  TapeCore& tape = *ts.recording().front();
  const std::uint32_t na = tape.track(a);
  const std::uint32_t nb = b ? tape.track(*b) : no_node;
  if (na != no_node || nb != no_node) {
    // A scalar entry keeps only values, so it serves only where no other tape
    // could need the operands' identities during a later backward pass.
    if (linked_elsewhere(a, tape.serial) || (b && linked_elsewhere(*b, tape.serial)))
      return record(op, a, b, OpParams{.p = p}, out, where);
    append_scalar_entry(tape, op, a, b, p, na, nb, out);
  }
  after_elementwise(op, a, b, na != no_node, nb != no_node, out, where);
}

void record_nondiff(const char* name, const Tensor& a, const Tensor* b, Tensor& out,
                    SourceLoc where) {
  const bool tracked[2] = {false, false};
  if (listening()) explain(a, b, tracked, name, where, true, thread_state(), out);
}

void record_gradient(const Tensor& target, const Tensor& source, Tensor& out, SourceLoc where) {
  // The backward pass itself ran quiet; what a recording tape recorded of it
  // is linked to `out` already, so only the tapes not recording need breaks.
  bool tracked[2] = {false, false};
  for (const TapeCore* tape : thread_state().recording()) {
    tracked[0] |= tape->node_of(target) != no_node;
    tracked[1] |= tape->node_of(source) != no_node;
  }
  if (listening()) explain(target, &source, tracked, "gradient()", where, false, thread_state(), out);
}

}  // namespace tape::detail
