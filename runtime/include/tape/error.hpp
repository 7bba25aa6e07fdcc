// The runtime's exceptions. Every error the runtime throws is a tape::Error.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace tape {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, std::string_view check = {})
      : std::runtime_error(what), check_(check) {}
  // The check that this error belongs to ("tape-nonpersistent-reuse", ...),
  // or empty for errors that are no tape misuse (shapes, dtypes).
  std::string_view check() const noexcept { return check_; }

 private:
  std::string_view check_;
};

class TapeReuseError : public Error { using Error::Error; };
class TapeReleasedError : public Error { using Error::Error; };
class ShapeError : public Error { using Error::Error; };
class DTypeError : public Error { using Error::Error; };

}  // namespace tape
