// The nine misuse checks, named once for both halves of tapecheck: the
// runtime reports events under these names and the Clang checks register
// under them, so a static finding and its runtime event can never drift apart.
// Plain constexpr data only: this header is included by the Clang checks too.
#pragma once

#include <array>
#include <string_view>

namespace tape::checks {

struct CheckInfo {
  std::string_view name;
  std::string_view summary;
};

inline constexpr std::string_view op_outside_scope = "tape-op-outside-scope";
inline constexpr std::string_view nonpersistent_reuse = "tape-nonpersistent-reuse";
inline constexpr std::string_view persistent_not_released = "tape-persistent-not-released";
inline constexpr std::string_view raw_array_mixing = "tape-raw-array-mixing";
inline constexpr std::string_view unwatched_source = "tape-unwatched-source";
inline constexpr std::string_view integer_source = "tape-integer-source";
inline constexpr std::string_view non_differentiable_path = "tape-non-differentiable-path";
inline constexpr std::string_view use_after_release = "tape-use-after-release";
inline constexpr std::string_view gradient_in_scope = "tape-gradient-in-scope";

inline constexpr std::array<CheckInfo, 9> all = {{
    {op_outside_scope, "an operation between source and target ran while the tape was not recording"},
    {nonpersistent_reuse, "a second gradient() on a non-persistent tape"},
    {persistent_not_released, "a persistent tape destroyed without release()"},
    {raw_array_mixing, "values left the tape as raw data and came back as a constant"},
    {unwatched_source, "gradient with respect to a constant that was not watched before its use"},
    {integer_source, "gradient with respect to an integer-dtype source"},
    {non_differentiable_path, "every path from source to target crosses a non-differentiable operation"},
    {use_after_release, "gradient() on a released tape"},
    {gradient_in_scope, "gradient() on a persistent tape inside its own recording scope"},
}};

}  // namespace tape::checks
