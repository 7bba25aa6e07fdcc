// Operations on tensors. Every differentiable one is recorded by the tapes
// recording on this thread; the non-differentiable ones carry no gradient.
#pragma once

#include <concepts>
#include <cstdint>
#include <type_traits>

#include "tape/detail/op.hpp"
#include "tape/tensor.hpp"

namespace tape {

template <class T>
concept Arithmetic = std::is_arithmetic_v<T>;

namespace detail {
Tensor binary(Op op, const Tensor& a, const Tensor& b);
// A plain C++ number next to a tensor takes the tensor's dtype.
Tensor binary_scalar(Op op, const Tensor& a, double b);
Tensor scalar_binary(Op op, double a, const Tensor& b);
}  // namespace detail

inline Tensor operator+(const Tensor& a, const Tensor& b) { return detail::binary(detail::Op::add, a, b); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return detail::binary(detail::Op::sub, a, b); }
inline Tensor operator*(const Tensor& a, const Tensor& b) { return detail::binary(detail::Op::mul, a, b); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return detail::binary(detail::Op::div, a, b); }

// Scalars are taken directly, not through Tensor's converting constructors.
template <Arithmetic S>
Tensor operator+(const Tensor& a, S b) { return detail::binary_scalar(detail::Op::add, a, static_cast<double>(b)); }
template <Arithmetic S>
Tensor operator-(const Tensor& a, S b) { return detail::binary_scalar(detail::Op::sub, a, static_cast<double>(b)); }
template <Arithmetic S>
Tensor operator*(const Tensor& a, S b) { return detail::binary_scalar(detail::Op::mul, a, static_cast<double>(b)); }
template <Arithmetic S>
Tensor operator/(const Tensor& a, S b) { return detail::binary_scalar(detail::Op::div, a, static_cast<double>(b)); }
template <Arithmetic S>
Tensor operator+(S a, const Tensor& b) { return detail::scalar_binary(detail::Op::add, static_cast<double>(a), b); }
template <Arithmetic S>
Tensor operator-(S a, const Tensor& b) { return detail::scalar_binary(detail::Op::sub, static_cast<double>(a), b); }
template <Arithmetic S>
Tensor operator*(S a, const Tensor& b) { return detail::scalar_binary(detail::Op::mul, static_cast<double>(a), b); }
template <Arithmetic S>
Tensor operator/(S a, const Tensor& b) { return detail::scalar_binary(detail::Op::div, static_cast<double>(a), b); }

Tensor operator-(const Tensor& a);

Tensor sin(const Tensor& t);
Tensor cos(const Tensor& t);
Tensor exp(const Tensor& t);
Tensor log(const Tensor& t);
Tensor tanh(const Tensor& t);
Tensor sqrt(const Tensor& t);
Tensor square(const Tensor& t);
Tensor pow(const Tensor& t, double p);
Tensor relu(const Tensor& t);
Tensor sigmoid(const Tensor& t);
// 2-D by 2-D.
Tensor matmul(const Tensor& a, const Tensor& b);
// 2-D transpose (an extension of the API; matmul's gradient uses it).
Tensor transpose(const Tensor& t);
Tensor sum(const Tensor& t);
Tensor mean(const Tensor& t);
// One dimension may be -1 (inferred).
Tensor reshape(const Tensor& t, const Shape& s);
// Rows [begin, end) along the first axis.
Tensor slice(const Tensor& t, std::int64_t begin, std::int64_t end);
Tensor stop_gradient(const Tensor& t);
// Between floating dtypes differentiable; to an integer dtype not.
Tensor cast(const Tensor& t, DType to);

// Not differentiable: their outputs carry no gradient back.
Tensor argmax(const Tensor& t);
Tensor round(const Tensor& t);
Tensor floor(const Tensor& t);
Tensor sign(const Tensor& t);
Tensor greater(const Tensor& a, const Tensor& b);
Tensor less(const Tensor& a, const Tensor& b);

// Extensions used by gradients (and handy for users).
Tensor zeros(const Shape& s, DType d = DType::f64);
Tensor ones(const Shape& s, DType d = DType::f64);
// NumPy broadcasting of t to shape s; and its adjoint, summing down to s.
Tensor broadcast_to(const Tensor& t, const Shape& s);
Tensor sum_to(const Tensor& t, const Shape& s);

}  // namespace tape
