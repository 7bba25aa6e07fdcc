// The runtime's own access to a Tensor's internals.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dense.hpp"
#include "tape/error.hpp"
#include "tape/tensor.hpp"

namespace tape::detail {

std::uint64_t next_tensor_id();

[[noreturn]] void throw_undefined(const char* what);

inline void require_defined(const Tensor& t, const char* what) {
  if (!t.defined()) [[unlikely]]
    throw_undefined(what);
}

struct TensorAccess {
  static Tensor scalar(double v, DType d) {
    Tensor t;
    t.scalar_ = v;
    t.dtype_ = d;
    t.defined_ = true;
    t.id_ = next_tensor_id();
    return t;
  }
  static Tensor dense(Shape shape, Values values, DType d) {
    if (shape.empty()) return scalar(values.at(0), d);
    auto dense = std::make_shared<Dense>();
    dense->shape = std::move(shape);
    dense->owned = std::move(values);
    dense->values = dense->owned.data();
    dense->count = static_cast<std::int64_t>(dense->owned.size());
    Tensor t;
    t.dense_ = std::move(dense);
    t.dtype_ = d;
    t.defined_ = true;
    t.id_ = next_tensor_id();
    return t;
  }
  // A plain number next to a tensor, as an operand: no identity, since no
  // user can name it as a gradient source.
  static Tensor anonymous_scalar(double v, DType d) {
    Tensor t;
    t.scalar_ = v;
    t.dtype_ = d;
    t.defined_ = true;
    return t;
  }
  // A tensor the user could name as a source that no tape has recorded: made
  // from raw values, computed outside every tape, or of an integer dtype.
  static bool unrecorded_constant(const Tensor& t) {
    return t.id_ != 0 && !t.variable_ &&
           (t.root_ || t.links_.empty() || !is_floating(t.dtype_));
  }
  static const double* values(const Tensor& t) {
    return t.dense_ ? t.dense_->values : &t.scalar_;
  }
  static bool is_scalar(const Tensor& t) { return !t.dense_; }
  static double scalar_value(const Tensor& t) { return t.scalar_; }
  static const Dense* dense_of(const Tensor& t) { return t.dense_.get(); }
  static std::uint64_t id(const Tensor& t) { return t.id_; }
  static void mark_root(Tensor& t) { t.root_ = true; }
  static Links& links(Tensor& t) { return t.links_; }
  static const Links& links(const Tensor& t) { return t.links_; }
  static VariableIdentity* variable(const Tensor& t) { return t.variable_.get(); }
  static std::shared_ptr<VariableIdentity> variable_ptr(const Tensor& t) { return t.variable_; }
  static void set_variable(Tensor& t, std::shared_ptr<VariableIdentity> v) {
    t.variable_ = std::move(v);
  }
  static const ProvenancePtr& provenance(const Tensor& t) { return t.provenance_; }
  static void set_provenance(Tensor& t, ProvenancePtr p) { t.provenance_ = std::move(p); }
  // A new identity: the same value, known to no tape (Variable::value()).
  static Tensor detached(const Tensor& t) {
    Tensor c = t;
    c.id_ = next_tensor_id();
    c.links_ = Links{};
    c.variable_.reset();
    c.provenance_.reset();
    c.root_ = true;
    return c;
  }
};

}  // namespace tape::detail
