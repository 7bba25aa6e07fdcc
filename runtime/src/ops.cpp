// The public operations: check operands, compute values, record.
#include "tape/ops.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "exports.hpp"
#include "kernels.hpp"
#include "record.hpp"
#include "tape/error.hpp"
#include "internal_ops.hpp"
#include "tensor_access.hpp"

namespace tape {

using detail::Op;
using detail::OpParams;
using detail::require_defined;
using detail::TensorAccess;

namespace {

void require_floating(const Tensor& t, const char* what) {
  require_defined(t, what);
  if (!is_floating(t.dtype()))
    throw DTypeError(std::string(what) + " needs a floating dtype, got " +
                     std::string(to_string(t.dtype())));
}

// A DType made from a number (DType(7)) names no dtype: every kernel and the
// head byte of a tape entry assume one of the three.
void require_known_dtype(DType d, const char* what) {
  if (d != DType::f32 && d != DType::f64 && d != DType::i64)
    throw DTypeError(std::string(what) + ": " + std::to_string(static_cast<int>(d)) +
                     " is not a dtype (f32, f64 or i64)");
}

void require_same_dtype(const Tensor& a, const Tensor& b, const char* what) {
  require_defined(a, what);
  require_defined(b, what);
  if (a.dtype() != b.dtype())
    throw DTypeError(std::string(what) + ": dtypes " + std::string(to_string(a.dtype())) +
                     " and " + std::string(to_string(b.dtype())) + " differ");
}

// out has a's shape and dtype, each value mapped by f.
template <class F>
Tensor map_values(const Tensor& a, DType d, F f) {
  if (TensorAccess::is_scalar(a))
    return TensorAccess::scalar(detail::round_to(d, f(TensorAccess::scalar_value(a))), d);
  const double* v = TensorAccess::values(a);
  detail::Values out(static_cast<std::size_t>(a.size()));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = f(v[i]);
  detail::round_to(d, out);
  return TensorAccess::dense(a.shape(), std::move(out), d);
}

// op applied to a scalar's value, rounded to its dtype.
Tensor scalar_unary(Op op, const Tensor& t, double p) {
  const DType d = t.dtype();
  return TensorAccess::scalar(
      detail::round_to(d, detail::apply_unary(op, TensorAccess::scalar_value(t), p)), d);
}

// op applied to each value: dispatched once per tensor, not per value.
Tensor unary_map(Op op, const Tensor& t, double p) {
  if (TensorAccess::is_scalar(t)) return scalar_unary(op, t, p);
  const DType d = t.dtype();
  detail::Values out(static_cast<std::size_t>(t.size()));
  detail::unary_values(op, TensorAccess::values(t), out.size(), p, out.data());
  detail::round_to(d, out);
  return TensorAccess::dense(t.shape(), std::move(out), d);
}

[[gnu::noinline]] Tensor unary_general(Op op, const Tensor& t, std::source_location loc, double p) {
  require_floating(t, detail::op_name(op));
  Tensor out = unary_map(op, t, p);
  detail::record_elementwise(op, t, nullptr, p, out, SourceLoc::from(loc));
  return out;
}

// Scalar code's hot path first; the rest (and every error) out of line. One
// instance per op: its computation and its entry's layout are then constants.
template <Op op>
Tensor unary(const Tensor& t, std::source_location loc, double p = 0) {
  if (!TensorAccess::is_scalar(t) || !t.defined() || !is_floating(t.dtype())) [[unlikely]]
    return unary_general(op, t, loc, p);
  Tensor out = scalar_unary(op, t, p);
  detail::record_elementwise(op, t, nullptr, p, out, SourceLoc::from(loc));
  return out;
}

// A plain number next to a tensor, converted to the tensor's dtype.
Tensor adapt_scalar(double v, const Tensor& like, const char* what) {
  require_defined(like, what);
  if (like.dtype() == DType::i64 && v != std::trunc(v))
    throw DTypeError(std::string(what) + ": the number " + std::to_string(v) +
                     " does not fit the i64 tensor next to it");
  Tensor s = TensorAccess::anonymous_scalar(detail::round_to(like.dtype(), v), like.dtype());
  TensorAccess::set_provenance(s, detail::match_import(&v, 1));
  return s;
}

Tensor structural(Op op, const Tensor& t, Shape shape, detail::Values values, OpParams params,
                  std::source_location loc) {
  Tensor out = TensorAccess::dense(std::move(shape), std::move(values), t.dtype());
  detail::record(op, t, nullptr, std::move(params), out, SourceLoc::from(loc));
  return out;
}

Tensor nondiff(const char* name, const Tensor& a, const Tensor* b, Tensor out,
               std::source_location loc) {
  detail::record_nondiff(name, a, b, out, SourceLoc::from(loc));
  return out;
}

}  // namespace

namespace detail {

namespace {

[[gnu::noinline]] Tensor binary_general(Op op, const Tensor& a, const Tensor& b) {
  const char* name = op_name(op);
  require_same_dtype(a, b, name);  // throws for what the scalar path left
  const DType d = a.dtype();
  Shape s = broadcast_shape(a.shape(), b.shape(), name);
  Values v = binary_values(op, TensorAccess::values(a), a.shape(), TensorAccess::values(b),
                           b.shape(), s);
  round_to(d, v);
  Tensor out = TensorAccess::dense(std::move(s), std::move(v), d);
  record_elementwise(op, a, &b, 0, out);
  return out;
}

}  // namespace

// Scalar code's hot path first; the rest (and every error) out of line.
template <Op op>
Tensor binary(const Tensor& a, const Tensor& b) {
  if (!TensorAccess::is_scalar(a) || !TensorAccess::is_scalar(b) || !a.defined() ||
      !b.defined() || a.dtype() != b.dtype()) [[unlikely]]
    return binary_general(op, a, b);
  const DType d = a.dtype();
  Tensor out = TensorAccess::scalar(
      round_to(d, apply_binary(op, TensorAccess::scalar_value(a), TensorAccess::scalar_value(b))),
      d);
  record_elementwise(op, a, &b, 0, out);
  return out;
}

Tensor pad_rows(const Tensor& t, std::int64_t rows, std::int64_t begin) {
  Shape s = t.shape();
  s[0] = rows;
  return structural(Op::pad_rows, t, s, pad_rows_values(TensorAccess::values(t), t.shape(), rows, begin),
                    OpParams{.begin = begin, .end = rows}, std::source_location::current());
}

template <Op op>
Tensor binary_scalar(const Tensor& a, double b) {
  return binary<op>(a, adapt_scalar(b, a, op_name(op)));
}

template <Op op>
Tensor scalar_binary(double a, const Tensor& b) {
  return binary<op>(adapt_scalar(a, b, op_name(op)), b);
}

template Tensor binary<Op::add>(const Tensor&, const Tensor&);
template Tensor binary_scalar<Op::add>(const Tensor&, double);
template Tensor scalar_binary<Op::add>(double, const Tensor&);
template Tensor binary<Op::sub>(const Tensor&, const Tensor&);
template Tensor binary_scalar<Op::sub>(const Tensor&, double);
template Tensor scalar_binary<Op::sub>(double, const Tensor&);
template Tensor binary<Op::mul>(const Tensor&, const Tensor&);
template Tensor binary_scalar<Op::mul>(const Tensor&, double);
template Tensor scalar_binary<Op::mul>(double, const Tensor&);
template Tensor binary<Op::div>(const Tensor&, const Tensor&);
template Tensor binary_scalar<Op::div>(const Tensor&, double);
template Tensor scalar_binary<Op::div>(double, const Tensor&);

}  // namespace detail

Tensor operator-(const Tensor& a) {
  require_defined(a, "neg");
  Tensor out = unary_map(Op::neg, a, 0);
  detail::record_elementwise(Op::neg, a, nullptr, 0, out);
  return out;
}

Tensor sin(const Tensor& t, std::source_location loc) { return unary<Op::sin>(t, loc); }
Tensor cos(const Tensor& t, std::source_location loc) { return unary<Op::cos>(t, loc); }
Tensor exp(const Tensor& t, std::source_location loc) { return unary<Op::exp>(t, loc); }
Tensor log(const Tensor& t, std::source_location loc) { return unary<Op::log>(t, loc); }
Tensor tanh(const Tensor& t, std::source_location loc) { return unary<Op::tanh>(t, loc); }
Tensor sqrt(const Tensor& t, std::source_location loc) { return unary<Op::sqrt>(t, loc); }
Tensor square(const Tensor& t, std::source_location loc) { return unary<Op::square>(t, loc); }
Tensor pow(const Tensor& t, double p, std::source_location loc) { return unary<Op::pow>(t, loc, p); }
Tensor relu(const Tensor& t, std::source_location loc) { return unary<Op::relu>(t, loc); }
Tensor sigmoid(const Tensor& t, std::source_location loc) { return unary<Op::sigmoid>(t, loc); }

Tensor matmul(const Tensor& a, const Tensor& b, std::source_location loc) {
  require_same_dtype(a, b, "matmul");
  require_floating(a, "matmul");
  const Shape& as = a.shape();
  const Shape& bs = b.shape();
  if (as.size() != 2 || bs.size() != 2 || as[1] != bs[0])
    throw ShapeError("matmul: shapes " + to_string(as) + " and " + to_string(bs) +
                     " do not multiply (need [n,k] and [k,m])");
  detail::Values v = detail::matmul_values(TensorAccess::values(a), as, TensorAccess::values(b), bs);
  detail::round_to(a.dtype(), v);
  Tensor out = TensorAccess::dense({as[0], bs[1]}, std::move(v), a.dtype());
  detail::record(Op::matmul, a, &b, {}, out, SourceLoc::from(loc));
  return out;
}

Tensor transpose(const Tensor& t, std::source_location loc) {
  require_defined(t, "transpose");
  if (t.shape().size() != 2)
    throw ShapeError("transpose: needs a 2-D tensor, got shape " + to_string(t.shape()));
  return structural(Op::transpose, t, {t.shape()[1], t.shape()[0]},
                    detail::transpose_values(TensorAccess::values(t), t.shape()), {}, loc);
}

Tensor sum(const Tensor& t, std::source_location loc) {
  require_defined(t, "sum");
  Tensor out = TensorAccess::scalar(
      detail::round_to(t.dtype(), detail::sum_to_values(TensorAccess::values(t), t.shape(), {})[0]),
      t.dtype());
  detail::record(Op::sum, t, nullptr, {}, out, SourceLoc::from(loc));
  return out;
}

Tensor mean(const Tensor& t, std::source_location loc) {
  require_floating(t, "mean");
  if (t.size() == 0) throw ShapeError("mean: the tensor " + to_string(t.shape()) + " is empty");
  const double s = detail::sum_to_values(TensorAccess::values(t), t.shape(), {})[0];
  Tensor out = TensorAccess::scalar(detail::round_to(t.dtype(), s / static_cast<double>(t.size())),
                                    t.dtype());
  detail::record(Op::mean, t, nullptr, {}, out, SourceLoc::from(loc));
  return out;
}

Tensor reshape(const Tensor& t, const Shape& s, std::source_location loc) {
  require_defined(t, "reshape");
  Shape target = s;
  const auto inferred = std::count(target.begin(), target.end(), -1);
  std::int64_t known = 1;
  bool overflow = false;
  for (std::int64_t d : target)
    if (d != -1) overflow |= __builtin_mul_overflow(known, d, &known);
  if (inferred == 1 && !overflow && known > 0 && t.size() % known == 0)
    *std::find(target.begin(), target.end(), -1) = t.size() / known;
  const auto cannot = [&] {
    return ShapeError("reshape: cannot reshape " + to_string(t.shape()) + " to " + to_string(s));
  };
  if (inferred > 1 || std::any_of(target.begin(), target.end(), [](auto d) { return d < 0; }))
    throw cannot();
  detail::require_valid_shape(target, "reshape");
  if (element_count(target) != t.size()) throw cannot();
  const double* v = TensorAccess::values(t);
  Tensor out = TensorAccess::dense(target, detail::Values(v, v + t.size()), t.dtype());
  detail::record(Op::reshape, t, nullptr, OpParams{.shape = target}, out, SourceLoc::from(loc));
  return out;
}

Tensor slice(const Tensor& t, std::int64_t begin, std::int64_t end, std::source_location loc) {
  require_defined(t, "slice");
  const Shape& s = t.shape();
  if (s.empty() || begin < 0 || end < begin || end > s[0])
    throw ShapeError("slice: rows [" + std::to_string(begin) + ", " + std::to_string(end) +
                     ") are not within shape " + to_string(s));
  Shape out_shape = s;
  out_shape[0] = end - begin;
  const std::int64_t row = s[0] == 0 ? 0 : t.size() / s[0];
  const double* v = TensorAccess::values(t);
  return structural(Op::slice, t, out_shape, detail::Values(v + begin * row, v + end * row),
                    OpParams{.begin = begin, .end = end}, loc);
}

Tensor stop_gradient(const Tensor& t, std::source_location) {
  require_defined(t, "stop_gradient");
  return map_values(t, t.dtype(), [](double x) { return x; });
}

Tensor cast(const Tensor& t, DType to, std::source_location loc) {
  require_defined(t, "cast");
  require_known_dtype(to, "cast");
  Tensor out = map_values(t, to, [](double x) { return x; });
  if (is_floating(to) && is_floating(t.dtype()))
    detail::record(Op::cast, t, nullptr, OpParams{.to = to}, out, SourceLoc::from(loc));
  else
    detail::record_nondiff(is_floating(to) ? "cast from an integer dtype" : "cast to an integer dtype",
                           t, nullptr, out, SourceLoc::from(loc));
  return out;
}

Tensor argmax(const Tensor& t, std::source_location loc) {
  require_defined(t, "argmax");
  if (t.size() == 0) throw ShapeError("argmax: the tensor " + to_string(t.shape()) + " is empty");
  const double* v = TensorAccess::values(t);
  const auto at = std::max_element(v, v + t.size()) - v;
  return nondiff("argmax", t, nullptr, TensorAccess::scalar(static_cast<double>(at), DType::i64), loc);
}

Tensor round(const Tensor& t, std::source_location loc) {
  require_defined(t, "round");
  return nondiff("round", t, nullptr,
                 map_values(t, t.dtype(), [](double x) { return std::nearbyint(x); }), loc);
}

Tensor floor(const Tensor& t, std::source_location loc) {
  require_defined(t, "floor");
  return nondiff("floor", t, nullptr,
                 map_values(t, t.dtype(), [](double x) { return std::floor(x); }), loc);
}

Tensor sign(const Tensor& t, std::source_location loc) {
  require_defined(t, "sign");
  return nondiff("sign", t, nullptr,
                 map_values(t, t.dtype(), [](double x) { return double((x > 0) - (x < 0)); }), loc);
}

namespace {
template <class Cmp>
Tensor compare(const char* name, const Tensor& a, const Tensor& b, std::source_location loc, Cmp cmp) {
  require_same_dtype(a, b, name);
  Shape s = detail::broadcast_shape(a.shape(), b.shape(), name);
  detail::Values v = detail::binary_values(Op::sub, TensorAccess::values(a), a.shape(),
                                           TensorAccess::values(b), b.shape(), s);
  for (double& x : v) x = cmp(x) ? 1.0 : 0.0;
  return nondiff(name, a, &b, TensorAccess::dense(std::move(s), std::move(v), a.dtype()), loc);
}
}  // namespace

Tensor greater(const Tensor& a, const Tensor& b, std::source_location loc) {
  return compare("greater", a, b, loc, [](double d) { return d > 0; });
}
Tensor less(const Tensor& a, const Tensor& b, std::source_location loc) {
  return compare("less", a, b, loc, [](double d) { return d < 0; });
}

Tensor zeros(const Shape& s, DType d) {
  require_known_dtype(d, "zeros");
  detail::require_valid_shape(s, "zeros");
  return TensorAccess::dense(s, detail::Values(static_cast<std::size_t>(element_count(s)), 0.0), d);
}

Tensor ones(const Shape& s, DType d) {
  require_known_dtype(d, "ones");
  detail::require_valid_shape(s, "ones");
  return TensorAccess::dense(s, detail::Values(static_cast<std::size_t>(element_count(s)), 1.0), d);
}

Tensor broadcast_to(const Tensor& t, const Shape& s, std::source_location loc) {
  require_defined(t, "broadcast_to");
  detail::require_valid_shape(s, "broadcast_to");
  if (detail::broadcast_shape(t.shape(), s, "broadcast_to") != s)
    throw ShapeError("broadcast_to: " + to_string(t.shape()) + " does not broadcast to " +
                     to_string(s));
  if (t.shape() == s) return t;
  const detail::Values zero(static_cast<std::size_t>(element_count(s)), 0.0);
  return structural(Op::broadcast_to, t, s,
                    detail::binary_values(Op::add, TensorAccess::values(t), t.shape(), zero.data(),
                                          s, s),
                    OpParams{.shape = s}, loc);
}

Tensor sum_to(const Tensor& t, const Shape& s, std::source_location loc) {
  require_defined(t, "sum_to");
  if (t.shape() == s) return t;
  if (detail::broadcast_shape(s, t.shape(), "sum_to") != t.shape())
    throw ShapeError("sum_to: " + to_string(t.shape()) + " does not reduce to " + to_string(s));
  return structural(Op::sum_to, t, s,
                    detail::sum_to_values(TensorAccess::values(t), t.shape(), s),
                    OpParams{.shape = s}, loc);
}

}  // namespace tape
