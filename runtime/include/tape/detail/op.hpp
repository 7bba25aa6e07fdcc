// The operations a tape can record.
#pragma once

#include <cstdint>

namespace tape::detail {

enum class Op : std::uint8_t {
  leaf,  // a watched variable or constant
  add, sub, mul, div, neg,
  sin, cos, exp, log, tanh, sqrt, square, pow, relu, sigmoid,
  matmul, transpose, sum, mean, reshape, slice, pad_rows, cast,
  broadcast_to, sum_to,
};

const char* op_name(Op op);

// The elementwise operations are add ... last_elementwise: the ones that
// record scalar entries, with leaf.
inline constexpr Op last_elementwise = Op::sigmoid;

// The elementwise operations of one input (pow's exponent is a parameter).
constexpr bool is_unary(Op op) { return op >= Op::neg && op <= last_elementwise; }

}  // namespace tape::detail
