// Operations the runtime needs for gradients but does not publish.
#pragma once

#include <cstdint>

#include "tape/tensor.hpp"

namespace tape::detail {

// t's rows pasted at `begin` into zeros of `rows` rows: the adjoint of slice.
Tensor pad_rows(const Tensor& t, std::int64_t rows, std::int64_t begin);

}  // namespace tape::detail
