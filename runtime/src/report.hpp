// Raising an event at a user's source location.
#pragma once

#include <string>
#include <string_view>

#include "tape/source_location.hpp"

namespace tape::detail {

void report_at(std::string_view check, SourceLoc at, std::string message, bool exact = true);

}  // namespace tape::detail
