#include "tape/tensor.hpp"

#include <atomic>
#include <string>

#include "dense.hpp"
#include "exports.hpp"
#include "kernels.hpp"
#include "tape/error.hpp"
#include "tensor_access.hpp"

namespace tape {

using detail::require_defined;
using detail::TensorAccess;

namespace detail {

void throw_undefined(const char* what) {
  throw Error(std::string(what) + ": the tensor is undefined");
}

constinit thread_local IdBlock tensor_ids;

void refill_tensor_ids() {
  static std::atomic<std::uint64_t> blocks{0};
  constexpr std::uint64_t block = 1 << 16;
  tensor_ids.next = blocks.fetch_add(1) * block + 1;
  tensor_ids.end = tensor_ids.next + block;
}

}  // namespace detail

namespace {

// A constant the user made from raw values: if those values were exported
// from a tracked tensor, it remembers so.
Tensor imported(Shape shape, const double* p, std::int64_t n, DType d) {
  if (n != element_count(shape))
    throw ShapeError("shape " + to_string(shape) + " holds " +
                     std::to_string(element_count(shape)) + " values, got " +
                     std::to_string(n));
  Tensor t = TensorAccess::dense(std::move(shape), detail::Values(p, p + n), d);
  TensorAccess::mark_root(t);
  TensorAccess::set_provenance(t, detail::match_import(p, n));
  return t;
}

Tensor imported_scalar(double v, DType d) { return imported({}, &v, 1, d); }

}  // namespace

Tensor::Tensor(double v, std::source_location) : Tensor(imported_scalar(v, DType::f64)) {}

Tensor::Tensor(float v) : Tensor(imported_scalar(v, DType::f32)) {}

Tensor::Tensor(integral_tag, double v) : Tensor(imported_scalar(v, DType::i64)) {}

Tensor::Tensor(std::initializer_list<double> values, std::source_location)
    : Tensor(imported({static_cast<std::int64_t>(values.size())}, values.begin(),
                      static_cast<std::int64_t>(values.size()), DType::f64)) {}

Tensor::Tensor(const std::vector<double>& values, std::source_location)
    : Tensor(imported({static_cast<std::int64_t>(values.size())}, values.data(),
                      static_cast<std::int64_t>(values.size()), DType::f64)) {}

Tensor Tensor::from_raw(const double* p, Shape s, std::source_location) {
  detail::require_valid_shape(s, "from_raw");
  if (!p && element_count(s) > 0) throw Error("from_raw: null pointer");
  const std::int64_t n = element_count(s);
  return imported(std::move(s), p, n, DType::f64);
}

Tensor Tensor::view(double* p, Shape s, std::source_location loc) {
  detail::require_valid_shape(s, "view");
  const std::int64_t n = element_count(s);
  if (!p && n > 0) throw Error("view: null pointer");
  auto dense = std::make_shared<detail::Dense>();
  dense->shape = std::move(s);
  dense->values = p;
  dense->count = n;
  dense->view_made = SourceLoc::from(loc);
  Tensor t = TensorAccess::with_dense(std::move(dense), DType::f64);
  TensorAccess::mark_root(t);
  TensorAccess::set_provenance(t, detail::match_import(p, n));
  return t;
}

const Shape& Tensor::shape() const {
  static const Shape scalar_shape;
  const detail::Dense* d = TensorAccess::dense_of(*this);
  return d ? d->shape : scalar_shape;
}

std::int64_t Tensor::size() const {
  if (!defined_) return 0;
  const detail::Dense* d = TensorAccess::dense_of(*this);
  return d ? d->count : 1;
}

double Tensor::item(std::source_location loc) const {
  require_defined(*this, "item()");
  if (size() != 1)
    throw ShapeError("item() needs exactly one value, the tensor has shape " + to_string(shape()));
  const double v = TensorAccess::values(*this)[0];
  detail::note_export(*this, "item()", nullptr, 1, SourceLoc::from(loc));
  return v;
}

std::vector<double> Tensor::to_vector(std::source_location loc) const {
  require_defined(*this, "to_vector()");
  const double* v = TensorAccess::values(*this);
  std::vector<double> out(v, v + size());
  detail::note_export(*this, "to_vector()", out.data(), size(), SourceLoc::from(loc));
  return out;
}

const double* Tensor::data(std::source_location loc) const {
  require_defined(*this, "data()");
  const double* v = TensorAccess::values(*this);
  detail::note_export(*this, "data()", v, size(), SourceLoc::from(loc));
  return v;
}

}  // namespace tape
