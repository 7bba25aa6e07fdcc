// Element types and shapes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tape {

// Only floating dtypes are differentiable. Every dtype is stored as double
// internally: f32 values are rounded to float after each operation, i64
// values are whole numbers (exact up to 2^53).
enum class DType : std::uint8_t { f32, f64, i64 };

// {} is a scalar.
using Shape = std::vector<std::int64_t>;

constexpr bool is_floating(DType d) { return d != DType::i64; }
std::string_view to_string(DType d);
std::string to_string(const Shape& s);
std::int64_t element_count(const Shape& s);

}  // namespace tape
