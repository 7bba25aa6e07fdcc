// A compact, copyable source position captured from std::source_location.
#pragma once

#include <cstdint>
#include <source_location>

namespace tape {

struct SourceLoc {
  const char* file = nullptr;  // static storage: std::source_location's string
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  static SourceLoc from(const std::source_location& l) {
    return {l.file_name(), l.line(), l.column()};
  }
  bool known() const { return file != nullptr && line != 0; }
};

}  // namespace tape
