// tape::Scalar: a differentiable f64 scalar recorded one operation at a time,
// as ADOL-C's adouble and Stan's var are. A 16-byte handle (its value and its
// node on the tape that watched it), recorded straight into that tape with no
// identity or heap allocation of its own: element-wise code that would make a
// tape::Tensor per number runs several times faster on it.
//
// A Scalar belongs to one tape: tape.watch(x) makes x a source of that tape,
// and operations on x are recorded there while one of its recording scopes
// lives on this thread. Copies are values: a copy taken before watch(x) is not
// watched. Everything else (constants, values of other tapes) is a constant
// to the tape. Gradients are plain numbers: tape.gradient(y, x) gives a
// std::optional<double>.
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <source_location>

#include "tape/detail/links.hpp"
#include "tape/detail/scalar_stream.hpp"

namespace tape {

class GradientTape;
class Scalar;

namespace detail {
struct ScalarOps;
// Out of line: everything the inline fast path leaves (operands of another
// tape or of none recording here, constants while diagnostics listen, a full
// block).
Scalar record_scalar(double v, const Scalar& a, double da, const Scalar* b, double db);
// An operation of a Scalar and a plain number while this thread has exported
// values: the number may be one of them (d number: dnumber).
Scalar record_with_number(double v, const Scalar& a, double da, double number, double dnumber);
// A constant made while diagnostics may listen: named, so that the tape can
// tell where it was used, or recognised as a value that value() exported.
Scalar listened_constant(double v);
void note_scalar_export(const Scalar& s, std::source_location where);
}  // namespace detail

class Scalar {
 public:
  Scalar() : Scalar(0.0) {}
  // A constant (implicit, like Tensor(double)).
  Scalar(double v) : value_(v) {
    if (detail::diagnostics_may_listen()) [[unlikely]]
      *this = detail::listened_constant(v);
  }

  // Raw export: the value as a double. A Scalar made from it again is a
  // constant (tape-raw-array-mixing).
  double value(std::source_location where = std::source_location::current()) const {
    if (tape_ != 0 && detail::diagnostics_may_listen()) [[unlikely]]
      detail::note_scalar_export(*this, where);
    return value_;
  }

  Scalar& operator+=(const Scalar& b) { return *this = *this + b; }
  Scalar& operator-=(const Scalar& b) { return *this = *this - b; }
  Scalar& operator*=(const Scalar& b) { return *this = *this * b; }
  Scalar& operator/=(const Scalar& b) { return *this = *this / b; }

  friend Scalar operator+(const Scalar& a, const Scalar& b);
  friend Scalar operator-(const Scalar& a, const Scalar& b);
  friend Scalar operator*(const Scalar& a, const Scalar& b);
  friend Scalar operator/(const Scalar& a, const Scalar& b);
  friend Scalar operator+(const Scalar& a, double b);
  friend Scalar operator+(double a, const Scalar& b);
  friend Scalar operator-(const Scalar& a, double b);
  friend Scalar operator-(double a, const Scalar& b);
  friend Scalar operator*(const Scalar& a, double b);
  friend Scalar operator*(double a, const Scalar& b);
  friend Scalar operator/(const Scalar& a, double b);
  friend Scalar operator/(double a, const Scalar& b);
  friend Scalar operator-(const Scalar& a);

 private:
  friend class GradientTape;
  friend struct detail::ScalarOps;
  Scalar(double v, std::uint32_t node, std::uint32_t tape) : value_(v), node_(node), tape_(tape) {}
  // Neither on a tape nor named: nothing to record.
  bool plain() const { return tape_ == 0 && node_ == detail::no_node; }

  double value_ = 0;
  std::uint32_t node_ = detail::no_node;  // on tape_; for a named constant, its name
  std::uint32_t tape_ = 0;                // the recording's tag; 0: a constant
};

namespace detail {

// The inline fast path: the operands are on the one tape recording on this
// thread (or plain constants) and the block has room.
struct ScalarOps {
  static double value(const Scalar& x) { return x.value_; }
  static std::uint32_t node(const Scalar& x) { return x.node_; }
  static std::uint32_t tape(const Scalar& x) { return x.tape_; }
  static Scalar make(double v, std::uint32_t node, std::uint32_t tape) { return Scalar(v, node, tape); }

  // Appends an entry of kind K and returns its node. Every field is read
  // before the entry's bytes are written, which may alias them.
  template <ScalarKind K>
  [[gnu::always_inline]] static Scalar put(ScalarStream* s, double v, std::uint32_t in0,
                                           std::uint32_t in1, double d0, double d1) {
    using enum ScalarKind;
    unsigned char* p = s->next;
    const std::uint32_t node = s->nodes, tag = s->tag;
    if constexpr (K == pass || K == neg || K == unary || K == add || K == sub || K == binary ||
                  K == add_prev || K == binary_prev)
      std::memcpy(p, &in0, 4);
    if constexpr (K == add || K == sub || K == binary) std::memcpy(p + 4, &in1, 4);
    if constexpr (K == unary) std::memcpy(p + 4, &d0, 8);
    if constexpr (K == unary_prev) std::memcpy(p, &d0, 8);
    if constexpr (K == binary) {
      std::memcpy(p + 8, &d0, 8);
      std::memcpy(p + 16, &d1, 8);
    }
    if constexpr (K == binary_prev) {
      std::memcpy(p + 4, &d0, 8);
      std::memcpy(p + 12, &d1, 8);
    }
    p[entry_bytes(K) - 1] = static_cast<unsigned char>(K);
    s->next = p + entry_bytes(K);
    s->nodes = node + 1;
    return Scalar(v, node, tag);
  }

  // The kind that takes the previous node as its input implicitly.
  static constexpr ScalarKind with_prev(ScalarKind k) {
    using enum ScalarKind;
    return k == pass ? pass_prev : k == neg ? neg_prev : k == unary ? unary_prev
         : k == add ? add_prev : k == binary ? binary_prev : k;
  }

  // A one-input entry, on the previous node without storing it when it is.
  template <ScalarKind K>
  [[gnu::always_inline]] static Scalar put1(ScalarStream* s, double v, std::uint32_t in, double d) {
    if (in + 1 == s->nodes) return put<with_prev(K)>(s, v, 0, 0, d, 0);
    return put<K>(s, v, in, 0, d, 0);
  }

  // A two-input entry; add and binary entries leave out an input that is
  // the previous node (as the second).
  template <ScalarKind K>
  [[gnu::always_inline]] static Scalar put2(ScalarStream* s, double v, std::uint32_t in0,
                                            std::uint32_t in1, double d0, double d1) {
    if constexpr (with_prev(K) != K) {
      if (in1 + 1 == s->nodes) return put<with_prev(K)>(s, v, in0, 0, d0, d1);
      if (in0 + 1 == s->nodes) return put<with_prev(K)>(s, v, in1, 0, d1, d0);
    }
    return put<K>(s, v, in0, in1, d0, d1);
  }

  template <ScalarKind K>
  [[gnu::always_inline]] static Scalar unary(double v, const Scalar& a, double da) {
    ScalarStream* s = scalar_recording;
    if (s && a.tape_ == s->tag && s->next < s->end) [[likely]]
      return put1<K>(s, v, a.node_, da);
    if (a.plain()) return Scalar(v);
    return record_scalar(v, a, da, nullptr, 0);
  }

  // Both operands recorded: Both; only a (b a plain constant): OnlyA with
  // da; only b: OnlyB with db.
  template <ScalarKind Both, ScalarKind OnlyA, ScalarKind OnlyB>
  [[gnu::always_inline]] static Scalar binary(double v, const Scalar& a, double da,
                                              const Scalar& b, double db) {
    ScalarStream* s = scalar_recording;
    if (s && s->next < s->end) [[likely]] {
      const bool on_a = a.tape_ == s->tag, on_b = b.tape_ == s->tag;
      if (on_a && on_b) return put2<Both>(s, v, a.node_, b.node_, da, db);
      if (on_a && b.plain()) return put1<OnlyA>(s, v, a.node_, da);
      if (on_b && a.plain()) return put1<OnlyB>(s, v, b.node_, db);
    }
    if (a.plain() && b.plain()) return Scalar(v);
    return record_scalar(v, a, da, &b, db);
  }
};

}  // namespace detail

[[gnu::always_inline]] inline Scalar operator+(const Scalar& a, const Scalar& b) {
  using enum detail::ScalarKind;
  return detail::ScalarOps::binary<add, pass, pass>(a.value_ + b.value_, a, 1, b, 1);
}
[[gnu::always_inline]] inline Scalar operator-(const Scalar& a, const Scalar& b) {
  using enum detail::ScalarKind;
  return detail::ScalarOps::binary<sub, pass, neg>(a.value_ - b.value_, a, 1, b, -1);
}
[[gnu::always_inline]] inline Scalar operator*(const Scalar& a, const Scalar& b) {
  using enum detail::ScalarKind;
  return detail::ScalarOps::binary<binary, unary, unary>(
      a.value_ * b.value_, a, b.value_, b, a.value_);
}
[[gnu::always_inline]] inline Scalar operator/(const Scalar& a, const Scalar& b) {
  using enum detail::ScalarKind;
  const double q = a.value_ / b.value_;
  return detail::ScalarOps::binary<binary, unary, unary>(q, a, 1 / b.value_, b,
                                                                             -q / b.value_);
}
// A plain number next to a Scalar: a constant, unless it is a value this
// thread exported (diagnostics only).
#define TAPE_SCALAR_WITH_NUMBER(kind, scalar, number, v, d_scalar, d_number)              \
  {                                                                                       \
    if (detail::scalar_exports_logged) [[unlikely]]                                       \
      return detail::record_with_number(v, scalar, d_scalar, number, d_number);           \
    return detail::ScalarOps::unary<detail::ScalarKind::kind>(v, scalar, d_scalar);       \
  }
[[gnu::always_inline]] inline Scalar operator+(const Scalar& a, double b)
    TAPE_SCALAR_WITH_NUMBER(pass, a, b, a.value_ + b, 1, 1)
[[gnu::always_inline]] inline Scalar operator+(double a, const Scalar& b) { return b + a; }
[[gnu::always_inline]] inline Scalar operator-(const Scalar& a, double b)
    TAPE_SCALAR_WITH_NUMBER(pass, a, b, a.value_ - b, 1, -1)
[[gnu::always_inline]] inline Scalar operator-(double a, const Scalar& b)
    TAPE_SCALAR_WITH_NUMBER(neg, b, a, a - b.value_, -1, 1)
[[gnu::always_inline]] inline Scalar operator*(const Scalar& a, double b)
    TAPE_SCALAR_WITH_NUMBER(unary, a, b, a.value_ * b, b, a.value_)
[[gnu::always_inline]] inline Scalar operator*(double a, const Scalar& b) { return b * a; }
[[gnu::always_inline]] inline Scalar operator/(const Scalar& a, double b)
    TAPE_SCALAR_WITH_NUMBER(unary, a, b, a.value_ / b, 1 / b, -a.value_ / (b * b))
[[gnu::always_inline]] inline Scalar operator/(double a, const Scalar& b)
    TAPE_SCALAR_WITH_NUMBER(unary, b, a, a / b.value_, -a / (b.value_ * b.value_), 1 / b.value_)
#undef TAPE_SCALAR_WITH_NUMBER
[[gnu::always_inline]] inline Scalar operator-(const Scalar& a) {
  return detail::ScalarOps::unary<detail::ScalarKind::neg>(-a.value_, a, -1);
}

// The elementary functions on Scalars. Templates only so that a plain number
// (`tape::sin(2.0)`) still means the Tensor overload.
#define TAPE_SCALAR_FUNCTION(name, value_expr, derivative_expr)              \
  template <std::same_as<Scalar> S>                                          \
  [[gnu::always_inline]] inline Scalar name(const S& x) {                                                  \
    const double v = detail::ScalarOps::value(x);                            \
    const double y = value_expr;                                             \
    return detail::ScalarOps::unary<detail::ScalarKind::unary>(y, x, derivative_expr); \
  }
TAPE_SCALAR_FUNCTION(exp, std::exp(v), y)
TAPE_SCALAR_FUNCTION(log, std::log(v), 1 / v)
TAPE_SCALAR_FUNCTION(tanh, std::tanh(v), 1 - y * y)
TAPE_SCALAR_FUNCTION(sqrt, std::sqrt(v), 0.5 / y)
TAPE_SCALAR_FUNCTION(square, v * v, 2 * v)
TAPE_SCALAR_FUNCTION(sigmoid, 1 / (1 + std::exp(-v)), y * (1 - y))
#undef TAPE_SCALAR_FUNCTION

namespace detail {
#if defined(__GLIBC__)
// glibc's, declared here whatever the translation unit's feature macros.
extern "C" void sincos(double, double*, double*) noexcept;
#endif
// sin and cos of one value: one call where the C library offers it.
[[gnu::always_inline]] inline void sin_cos(double v, double& s, double& c) {
#if defined(__GLIBC__)
  sincos(v, &s, &c);
#else
  s = std::sin(v);
  c = std::cos(v);
#endif
}
}  // namespace detail

template <std::same_as<Scalar> S>
[[gnu::always_inline]] inline Scalar sin(const S& x) {
  double s, c;
  detail::sin_cos(detail::ScalarOps::value(x), s, c);
  return detail::ScalarOps::unary<detail::ScalarKind::unary>(s, x, c);
}

template <std::same_as<Scalar> S>
[[gnu::always_inline]] inline Scalar cos(const S& x) {
  double s, c;
  detail::sin_cos(detail::ScalarOps::value(x), s, c);
  return detail::ScalarOps::unary<detail::ScalarKind::unary>(c, x, -s);
}

template <std::same_as<Scalar> S>
[[gnu::always_inline]] inline Scalar pow(const S& x, double p) {
  const double v = detail::ScalarOps::value(x);
  return detail::ScalarOps::unary<detail::ScalarKind::unary>(std::pow(v, p), x, p * std::pow(v, p - 1));
}

}  // namespace tape
