// Recording an operation that just ran: on every tape recording on this
// thread that tracks one of its inputs, and, while diagnostics listen, into
// the output's provenance.
#pragma once

#include "listening.hpp"
#include "tape/tensor.hpp"
#include "tensor_access.hpp"
#include "tape_core.hpp"
#include "thread_state.hpp"

namespace tape::detail {

// A differentiable operation out = op(a[, b]), recorded with its input
// tensors (a rich entry).
void record(Op op, const Tensor& a, const Tensor* b, const OpParams& params, Tensor& out,
            SourceLoc where = {});

// record_elementwise's general path.
void record_elementwise_general(Op op, const Tensor& a, const Tensor* b, double p, Tensor& out,
                                SourceLoc where);
// A plain number next to a tensor (`0.5 * x`): nobody can ask for a gradient
// with respect to it, so leaving it untracked cuts nothing.
inline bool anonymous(const Tensor& x) {
  return TensorAccess::id(x) == 0 && !TensorAccess::variable(x) && !TensorAccess::has_links(x);
}

void inherit_combined(const Tensor& a, const Tensor& b, Tensor& out);
// The output (new, so carrying nothing yet) carries what its inputs carry:
// usually nothing.
[[gnu::always_inline]] inline void inherit(const Tensor& a, const Tensor* b, Tensor& out) {
  const bool has_b = b && TensorAccess::provenance(*b);
  if (has_b) return inherit_combined(a, *b, out);
  if (TensorAccess::provenance(a)) TensorAccess::set_provenance(out, TensorAccess::provenance(a));
}

// The scalar entry of out = op(a[, b]) on `tape`, linked to out.
[[gnu::always_inline]] inline void append_scalar_entry(TapeCore& tape, Op op, const Tensor& a,
                                                      const Tensor* b, double p, std::uint32_t na,
                                                      std::uint32_t nb, Tensor& out) {
  const std::uint32_t node =
      tape.append_scalar(op, out.dtype(), na, nb,
                         {.a = TensorAccess::scalar_value(a),
                          .b = b ? TensorAccess::scalar_value(*b) : p,
                          .y = TensorAccess::scalar_value(out)});
  TensorAccess::add_link(out, {tape.serial, node});
}

// An elementwise operation that one of its inputs breaks a gradient through.
void explain_elementwise(Op op, const Tensor& a, const Tensor* b, bool tracked_a, bool tracked_b,
                         Tensor& out, SourceLoc where);

// What diagnostics learn from an elementwise operation just recorded (or
// left unrecorded). Recorded here, a tracked input is known to this tape
// only: it adds no break.
[[gnu::always_inline]] inline void after_elementwise(Op op, const Tensor& a, const Tensor* b,
                                                     bool tracked_a, bool tracked_b, Tensor& out,
                                                     SourceLoc where) {
  if (!listening()) return;
  if ((tracked_a || anonymous(a)) && (!b || tracked_b || anonymous(*b)))
    return inherit(a, b, out);
  explain_elementwise(op, a, b, tracked_a, tracked_b, out, where);
}

// operand_node for a tensor with something behind its pointer.
bool variable_operand(TapeCore& tape, const Tensor& x, std::uint32_t& node);

// x's node on `tape`, the one tape recording, when x is a scalar no other
// tape knows: then a scalar entry can stand for the operation. False leaves
// the operation to the general path.
inline bool operand_node(TapeCore& tape, const Tensor& x, std::uint32_t& node) {
  if (!TensorAccess::plain(x)) [[unlikely]]
    return variable_operand(tape, x, node);
  const Link l = TensorAccess::first_link(x);
  node = l.node;
  if (l.tape == tape.serial) return true;
  node = no_node;
  return l.tape == 0 && tape.watched_constants.empty();
}

// The same as record() for an elementwise operation (p: pow's exponent). On
// scalars, the hot path of scalar code: where one tape records and no other
// knows the inputs, a scalar entry of values alone.
[[gnu::always_inline]] inline void record_elementwise(Op op, const Tensor& a, const Tensor* b,
                                                     double p, Tensor& out, SourceLoc where = {}) {
  TapeCore* tape = sole_recording;
  std::uint32_t na = no_node, nb = no_node;
  if (!tape || !operand_node(*tape, a, na) || (b && !operand_node(*tape, *b, nb))) [[unlikely]]
    return record_elementwise_general(op, a, b, p, out, where);
  if (na != no_node || nb != no_node) append_scalar_entry(*tape, op, a, b, p, na, nb, out);
  // While diagnostics listen: tracked inputs that carry nothing pass nothing
  // on (the common case, decided without a call).
  if (diagnostics_listening() &&
      (na == no_node || TensorAccess::provenance(a) ||
       (b && (nb == no_node || TensorAccess::provenance(*b))))) [[unlikely]]
    after_elementwise(op, a, b, na != no_node, nb != no_node, out, where);
}
// A non-differentiable one: recorded nowhere; its output remembers what it cut.
void record_nondiff(const char* name, const Tensor& a, const Tensor* b, Tensor& out,
                    SourceLoc where);
// A gradient d target / d source just computed into `out`. It depends on both
// as an operation on them would, so a tape that tracks them but does not
// record now cannot see that dependency: an inner tape's gradient taken after
// the outer tape's scope ended leaves the outer tape no second derivative.
// Call it only when another tape than the one answering knows the target
// or the source (linked_elsewhere): no other tape can ask about it otherwise.
void record_gradient(const Tensor& target, const Tensor& source, Tensor& out, SourceLoc where);

// True when a tape other than `tape` has recorded t (or watches its variable).
bool linked_elsewhere(const Tensor& t, std::uint64_t tape);

}  // namespace tape::detail
