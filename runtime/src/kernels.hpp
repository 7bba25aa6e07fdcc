// Numeric kernels: values in, values out. No tapes, no identities.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "tape/detail/op.hpp"
#include "tape/dtype.hpp"
#include "values.hpp"

namespace tape::detail {


// NumPy broadcasting; throws ShapeError naming both shapes.
Shape broadcast_shape(const Shape& a, const Shape& b, const char* what);

// Throws ShapeError for a shape with a negative extent, or with more
// elements than an int64 counts, which element_count would turn into a bogus
// size.
void require_valid_shape(const Shape& s, const char* what);

// Rounds to the dtype's precision (f32) or to whole numbers (i64).
inline double round_to(DType d, double v) {
  switch (d) {
    case DType::f32: return static_cast<double>(static_cast<float>(v));
    case DType::i64: return std::trunc(v);
    case DType::f64: return v;
  }
  return v;
}
void round_to(DType d, Values& v);

inline double apply_unary(Op op, double x, double p) {
  switch (op) {
    case Op::neg: return -x;
    case Op::sin: return std::sin(x);
    case Op::cos: return std::cos(x);
    case Op::exp: return std::exp(x);
    case Op::log: return std::log(x);
    case Op::tanh: return std::tanh(x);
    case Op::sqrt: return std::sqrt(x);
    case Op::square: return x * x;
    case Op::pow: return std::pow(x, p);
    case Op::relu: return x > 0 ? x : 0.0;
    case Op::sigmoid: return 1.0 / (1.0 + std::exp(-x));
    default: return x;
  }
}
// out[i] = op(x[i]) for a whole buffer, dispatching once.
void unary_values(Op op, const double* x, std::size_t n, double p, double* out);
inline double apply_binary(Op op, double a, double b) {
  switch (op) {
    case Op::add: return a + b;
    case Op::sub: return a - b;
    case Op::mul: return a * b;
    case Op::div: return a / b;
    default: return a;
  }
}

Values binary_values(Op op, const double* a, const Shape& as, const double* b,
                     const Shape& bs, const Shape& out);
Values matmul_values(const double* a, const Shape& as, const double* b, const Shape& bs);
Values transpose_values(const double* a, const Shape& as);
// Sums a tensor of shape `from` down to `to` (the adjoint of broadcasting).
Values sum_to_values(const double* a, const Shape& from, const Shape& to);
// Rows [begin, end) pasted into zeros of `rows` rows (the adjoint of slice).
Values pad_rows_values(const double* a, const Shape& as, std::int64_t rows, std::int64_t begin);

}  // namespace tape::detail
