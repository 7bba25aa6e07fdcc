// The runtime's own access to a Tensor's internals.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dense.hpp"
#include "provenance_types.hpp"
#include "tape/detail/links.hpp"
#include "tape/error.hpp"
#include "tape/tensor.hpp"

namespace tape::detail {

class VariableIdentity;

// Tensor ids are unique per process without contention: a thread takes them
// in blocks.
struct IdBlock {
  std::uint64_t next = 0, end = 0;
};
extern constinit thread_local IdBlock tensor_ids;
void refill_tensor_ids();
inline std::uint64_t next_tensor_id() {
  if (tensor_ids.next == tensor_ids.end) [[unlikely]]
    refill_tensor_ids();
  return tensor_ids.next++;
}

[[noreturn]] void throw_undefined(const char* what);

inline void require_defined(const Tensor& t, const char* what) {
  if (!t.defined()) [[unlikely]]
    throw_undefined(what);
}

// What a Tensor keeps behind its one pointer. Shared by copies, so it is
// copied before it changes (TensorAccess::own_state).
struct TensorState {
  std::shared_ptr<const Dense> dense;  // storage of a non-scalar
  std::vector<Link> more_links;        // tapes after the first that recorded it
  std::shared_ptr<VariableIdentity> variable;
};

struct TensorAccess {
  static Tensor scalar(double v, DType d) {
    Tensor t = anonymous_scalar(v, d);
    t.id_ = next_tensor_id();
    return t;
  }
  // scalar(v, d), built where it is kept: a Tensor built on the stack with
  // byte-sized stores and then moved is read back in wider loads that stall.
  static void emplace_scalar(std::optional<Tensor>& slot, double v, DType d) {
    Tensor& t = slot.emplace();
    set_scalar(t, v, d);
    t.id_ = next_tensor_id();
  }
  static Tensor dense(Shape shape, Values values, DType d) {
    if (shape.empty()) return scalar(values.at(0), d);
    auto dense = std::make_shared<Dense>();
    dense->shape = std::move(shape);
    dense->owned = std::move(values);
    dense->values = dense->owned.data();
    dense->count = static_cast<std::int64_t>(dense->owned.size());
    return with_dense(std::move(dense), d);
  }
  // A new tensor on the given storage.
  static Tensor with_dense(std::shared_ptr<const Dense> dense, DType d) {
    Tensor t;
    own_state(t).dense = std::move(dense);
    t.dtype_ = d;
    t.defined_ = true;
    t.id_ = next_tensor_id();
    return t;
  }
  // A plain number next to a tensor, as an operand: no identity, since no
  // user can name it as a gradient source.
  static Tensor anonymous_scalar(double v, DType d) {
    Tensor t;
    set_scalar(t, v, d);
    return t;
  }
  // A tensor the user could name as a source that no tape has recorded: made
  // from raw values, computed outside every tape, or of an integer dtype.
  static bool unrecorded_constant(const Tensor& t) {
    return t.id_ != 0 && !variable(t) && (t.root_ || t.tape_ == 0 || !is_floating(t.dtype_));
  }
  static const Dense* dense_of(const Tensor& t) {
    return t.state_ ? t.state_->dense.get() : nullptr;
  }
  static const double* values(const Tensor& t) {
    const Dense* d = dense_of(t);
    return d ? d->values : &t.scalar_;
  }
  static bool is_scalar(const Tensor& t) { return !dense_of(t); }
  static double scalar_value(const Tensor& t) { return t.scalar_; }
  static std::uint64_t id(const Tensor& t) { return t.id_; }
  static void mark_root(Tensor& t) { t.root_ = true; }

  // Nothing behind t's pointer: a scalar whose one tape link, if any, is inline.
  static bool plain(const Tensor& t) { return !t.state_; }
  static Link first_link(const Tensor& t) { return {t.tape_, t.node_}; }

  // The tapes that recorded t, and its node on each.
  static bool has_links(const Tensor& t) { return t.tape_ != 0; }
  static std::uint32_t find_link(const Tensor& t, std::uint64_t tape) {
    if (t.tape_ == tape) return t.node_;
    if (t.state_)
      for (const Link& l : t.state_->more_links)
        if (l.tape == tape) return l.node;
    return no_node;
  }
  static void add_link(Tensor& t, Link l) {
    if (t.tape_ == 0) [[likely]] {
      t.tape_ = l.tape;
      t.node_ = l.node;
      return;
    }
    add_more_link(t, l);
  }
  // True when some tape other than `tape` has recorded t.
  static bool links_elsewhere(const Tensor& t, std::uint64_t tape) {
    return (t.tape_ != 0 && t.tape_ != tape) || (t.state_ && !t.state_->more_links.empty());
  }
  template <class F>
  static void for_each_link(const Tensor& t, F&& f) {
    if (t.tape_ == 0) return;
    f(Link{t.tape_, t.node_});
    if (t.state_)
      for (const Link& l : t.state_->more_links) f(l);
  }

  static VariableIdentity* variable(const Tensor& t) {
    return t.state_ ? t.state_->variable.get() : nullptr;
  }
  static std::shared_ptr<VariableIdentity> variable_ptr(const Tensor& t) {
    return t.state_ ? t.state_->variable : nullptr;
  }
  static void set_variable(Tensor& t, std::shared_ptr<VariableIdentity> v) {
    own_state(t).variable = std::move(v);
  }
  static const ProvenancePtr& provenance(const Tensor& t) { return t.provenance_; }
  // By reference: a shared pointer passed by value to a call that is not
  // inlined is stored as two words and loaded as one, a stall on every
  // operation that passes provenance on.
  static void set_provenance(Tensor& t, const ProvenancePtr& p) { t.provenance_ = p; }
  static void set_provenance(Tensor& t, ProvenancePtr&& p) { t.provenance_ = std::move(p); }
  // A new identity: the same value, known to no tape (Variable::value()).
  static Tensor detached(const Tensor& t) {
    Tensor c;
    c.scalar_ = t.scalar_;
    c.dtype_ = t.dtype_;
    c.defined_ = t.defined_;
    c.root_ = true;
    c.id_ = next_tensor_id();
    if (dense_of(t)) own_state(c).dense = t.state_->dense;
    return c;
  }

 private:
  // An undefined tensor made the scalar v.
  static void set_scalar(Tensor& t, double v, DType d) {
    t.scalar_ = v;
    t.dtype_ = d;
    t.defined_ = true;
  }
  [[gnu::noinline]] static void add_more_link(Tensor& t, Link l) {
    own_state(t).more_links.push_back(l);
  }
  static TensorState& own_state(Tensor& t) {
    if (!t.state_)
      t.state_ = std::make_shared<TensorState>();
    else if (t.state_.use_count() > 1)
      t.state_ = std::make_shared<TensorState>(*t.state_);
    return *t.state_;
  }
};

}  // namespace tape::detail
