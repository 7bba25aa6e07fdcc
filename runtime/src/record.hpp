// Recording an operation that just ran: on every tape recording on this
// thread that tracks one of its inputs, and, while diagnostics listen, into
// the output's provenance.
#pragma once

#include "tape/tensor.hpp"
#include "tape_core.hpp"

namespace tape::detail {

// A differentiable operation out = op(a[, b]), recorded with its input
// tensors (a rich entry).
void record(Op op, const Tensor& a, const Tensor* b, const OpParams& params, Tensor& out,
            SourceLoc where = {});
// The same for an elementwise operation (p: pow's exponent). On scalars, the
// hot path of scalar code: where one tape records and no other knows the
// inputs, a scalar entry of values alone.
void record_elementwise(Op op, const Tensor& a, const Tensor* b, double p, Tensor& out,
                        SourceLoc where = {});
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
