// Storage of a non-scalar tensor: owned values or a view of the caller's.
#pragma once

#include <cstdint>
#include <vector>

#include "tape/dtype.hpp"
#include "tape/source_location.hpp"
#include "values.hpp"

namespace tape::detail {

struct Dense {
  Shape shape;
  Values owned;
  const double* values = nullptr;  // owned.data() or the viewed memory
  std::int64_t count = 0;
  SourceLoc view_made;  // set for views only
  bool is_view() const { return view_made.known(); }
};

}  // namespace tape::detail
