#include "tape/dtype.hpp"

#include "tape/detail/op.hpp"

namespace tape {

std::string_view to_string(DType d) {
  switch (d) {
    case DType::f32: return "f32";
    case DType::f64: return "f64";
    case DType::i64: return "i64";
  }
  return "?";
}

std::string to_string(const Shape& s) {
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(s[i]);
  }
  return out + "]";
}

std::int64_t element_count(const Shape& s) {
  std::int64_t n = 1;
  for (std::int64_t d : s) n *= d;
  return n;
}

namespace detail {

const char* op_name(Op op) {
  static constexpr const char* names[] = {
      "watch", "operator+", "operator-", "operator*", "operator/", "unary -", "sin", "cos", "exp", "log", "tanh",
      "sqrt", "square", "pow", "relu", "sigmoid", "matmul", "transpose", "sum", "mean",
      "reshape", "slice", "pad_rows", "cast", "broadcast_to", "sum_to"};
  return names[static_cast<int>(op)];
}

}  // namespace detail
}  // namespace tape
