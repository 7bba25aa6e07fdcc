// Operations on tensors. Every differentiable one is recorded by the tapes
// recording on this thread; the non-differentiable ones carry no gradient.
// The named functions capture their caller's location, so that a diagnostic
// can say which step broke a gradient.
#pragma once

#include <concepts>
#include <cstdint>
#include <source_location>
#include <type_traits>

#include "tape/detail/op.hpp"
#include "tape/tensor.hpp"

namespace tape {

template <class T>
concept Arithmetic = std::is_arithmetic_v<T>;

namespace detail {
// One instance per operator (ops.cpp instantiates add, sub, mul, div), so
// that scalar code's path is compiled for its op. Unconstrained on purpose:
// GCC 12 and Clang 19 mangle a requires-clause differently, and a program
// built with one must link the library built with the other.
template <Op op>
Tensor binary(const Tensor& a, const Tensor& b);
// A plain C++ number next to a tensor takes the tensor's dtype.
template <Op op>
Tensor binary_scalar(const Tensor& a, double b);
template <Op op>
Tensor scalar_binary(double a, const Tensor& b);
}  // namespace detail

inline Tensor operator+(const Tensor& a, const Tensor& b) { return detail::binary<detail::Op::add>(a, b); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return detail::binary<detail::Op::sub>(a, b); }
inline Tensor operator*(const Tensor& a, const Tensor& b) { return detail::binary<detail::Op::mul>(a, b); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return detail::binary<detail::Op::div>(a, b); }

// Scalars are taken directly, not through Tensor's converting constructors.
template <Arithmetic S>
Tensor operator+(const Tensor& a, S b) { return detail::binary_scalar<detail::Op::add>(a, static_cast<double>(b)); }
template <Arithmetic S>
Tensor operator-(const Tensor& a, S b) { return detail::binary_scalar<detail::Op::sub>(a, static_cast<double>(b)); }
template <Arithmetic S>
Tensor operator*(const Tensor& a, S b) { return detail::binary_scalar<detail::Op::mul>(a, static_cast<double>(b)); }
template <Arithmetic S>
Tensor operator/(const Tensor& a, S b) { return detail::binary_scalar<detail::Op::div>(a, static_cast<double>(b)); }
template <Arithmetic S>
Tensor operator+(S a, const Tensor& b) { return detail::scalar_binary<detail::Op::add>(static_cast<double>(a), b); }
template <Arithmetic S>
Tensor operator-(S a, const Tensor& b) { return detail::scalar_binary<detail::Op::sub>(static_cast<double>(a), b); }
template <Arithmetic S>
Tensor operator*(S a, const Tensor& b) { return detail::scalar_binary<detail::Op::mul>(static_cast<double>(a), b); }
template <Arithmetic S>
Tensor operator/(S a, const Tensor& b) { return detail::scalar_binary<detail::Op::div>(static_cast<double>(a), b); }

Tensor operator-(const Tensor& a);

Tensor sin(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor cos(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor exp(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor log(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor tanh(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor sqrt(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor square(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor pow(const Tensor& t, double p,
          std::source_location loc = std::source_location::current());
Tensor relu(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor sigmoid(const Tensor& t,
          std::source_location loc = std::source_location::current());
// 2-D by 2-D.
Tensor matmul(const Tensor& a, const Tensor& b,
          std::source_location loc = std::source_location::current());
// 2-D transpose (an extension of the API; matmul's gradient uses it).
Tensor transpose(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor sum(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor mean(const Tensor& t,
          std::source_location loc = std::source_location::current());
// One dimension may be -1 (inferred).
Tensor reshape(const Tensor& t, const Shape& s,
          std::source_location loc = std::source_location::current());
// Rows [begin, end) along the first axis.
Tensor slice(const Tensor& t, std::int64_t begin, std::int64_t end,
          std::source_location loc = std::source_location::current());
Tensor stop_gradient(const Tensor& t,
          std::source_location loc = std::source_location::current());
// Between floating dtypes differentiable; to an integer dtype not.
Tensor cast(const Tensor& t, DType to,
          std::source_location loc = std::source_location::current());

// Not differentiable: their outputs carry no gradient back.
Tensor argmax(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor round(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor floor(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor sign(const Tensor& t,
          std::source_location loc = std::source_location::current());
Tensor greater(const Tensor& a, const Tensor& b,
          std::source_location loc = std::source_location::current());
Tensor less(const Tensor& a, const Tensor& b,
          std::source_location loc = std::source_location::current());

// Extensions used by gradients (and handy for users).
Tensor zeros(const Shape& s, DType d = DType::f64);
Tensor ones(const Shape& s, DType d = DType::f64);
// NumPy broadcasting of t to shape s; and its adjoint, summing down to s.
Tensor broadcast_to(const Tensor& t, const Shape& s,
          std::source_location loc = std::source_location::current());
Tensor sum_to(const Tensor& t, const Shape& s,
          std::source_location loc = std::source_location::current());

}  // namespace tape
