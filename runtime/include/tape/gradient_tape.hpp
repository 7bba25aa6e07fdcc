// GradientTape: records operations while one of its recording scopes lives,
// then differentiates through the recording.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ranges>
#include <source_location>
#include <span>
#include <vector>

#include "tape/scalar.hpp"
#include "tape/tensor.hpp"
#include "tape/variable.hpp"

namespace tape {

namespace detail {
class TapeCore;
}

struct TapeOptions {
  bool persistent = false;
  bool watch_accessed_variables = true;
};

enum class Unconnected { none, zero };

// RAII: operations run while it lives are recorded on its tape (TensorFlow's
// `with tape:`). Scopes nest LIFO per thread.
class [[nodiscard]] RecordingScope {
 public:
  RecordingScope(RecordingScope&& other) noexcept;
  RecordingScope& operator=(RecordingScope&&) = delete;
  RecordingScope(const RecordingScope&) = delete;
  ~RecordingScope();

 private:
  friend class GradientTape;
  RecordingScope(std::shared_ptr<detail::TapeCore> core, bool recording);
  std::shared_ptr<detail::TapeCore> core_;
  bool recording_;
  std::uint64_t id_ = 0;  // its entry in the opening thread's scope stack
};

// RAII: pauses its tape inside a recording scope.
class [[nodiscard]] RecordingPause : public RecordingScope {
  using RecordingScope::RecordingScope;
  friend class GradientTape;
};

class GradientTape {
 public:
  explicit GradientTape(TapeOptions options = {},
                        std::source_location loc = std::source_location::current());
  GradientTape(GradientTape&&) noexcept;
  GradientTape& operator=(GradientTape&&) noexcept;
  GradientTape(const GradientTape&) = delete;
  GradientTape& operator=(const GradientTape&) = delete;
  ~GradientTape();

  [[nodiscard]] RecordingScope record();
  [[nodiscard]] RecordingPause stop_recording();
  void watch(const Tensor& t, std::source_location loc = std::source_location::current());

  std::optional<Tensor> gradient(const Tensor& target, const Tensor& source,
                                 std::source_location loc = std::source_location::current());
  std::vector<std::optional<Tensor>> gradient(
      const Tensor& target, const std::vector<Tensor>& sources,
      std::source_location loc = std::source_location::current());
  // One result per variable of a std::vector<Variable> (or an array of
  // them), read where they are rather than copied into tensors first:
  // TensorFlow's tape.gradient(loss, variables) (an extension of the API). A
  // template, so that a braced list still means the overload above.
  template <class Variables>
    requires std::ranges::contiguous_range<const Variables&> &&
             std::same_as<std::ranges::range_value_t<Variables>, Variable>
  std::vector<std::optional<Tensor>> gradient(
      const Tensor& target, const Variables& sources,
      std::source_location loc = std::source_location::current()) {
    return gradient_of_variables(target, std::span<const Variable>(sources), loc);
  }
  // d target / d variable, also as `gradient(y, {v})`, which the overloads
  // above leave ambiguous (a braced Variable converts to a Tensor and to a
  // list of them alike); the same answer as `gradient(y, Tensor(v))`. A
  // template only to rank below the Tensor overload for arguments that
  // convert to both (`gradient(y, 2.0)` keeps its meaning).
  template <class = void>
  std::optional<Tensor> gradient(const Tensor& target, const Variable& source,
                                 std::source_location loc = std::source_location::current()) {
    return gradient_of_variables(target, std::span<const Variable>(&source, 1), loc).front();
  }
  Tensor gradient(const Tensor& target, const Tensor& source, Unconnected u,
                  std::source_location loc = std::source_location::current());

  // tape::Scalar (an extension of the API): watch(x) makes x a source of this
  // tape; gradients are plain numbers, nullopt where the target does not
  // depend on the source. The same misuse is reported as for tensors.
  void watch(Scalar& s, std::source_location loc = std::source_location::current());
  std::optional<double> gradient(const Scalar& target, const Scalar& source,
                                 std::source_location loc = std::source_location::current());
  std::vector<std::optional<double>> gradient(
      const Scalar& target, const std::vector<Scalar>& sources,
      std::source_location loc = std::source_location::current());

  // Frees the recording. Required for persistent tapes after their last gradient.
  void release();
  bool persistent() const;

  // What the recording holds now (an extension of the API, for benchmarks and
  // capacity planning): its entries and the bytes they take, not counting the
  // values of the tensors that non-scalar entries keep alive. A gradient()
  // call needs about 9 more bytes per entry while it runs. Scalar entries
  // are counted with the others.
  struct Footprint {
    std::size_t entries = 0;
    std::size_t bytes = 0;
  };
  Footprint footprint() const;

 private:
  detail::TapeCore& core() const;
  std::vector<std::optional<Tensor>> gradient_of_variables(const Tensor& target,
                                                           std::span<const Variable> sources,
                                                           std::source_location loc);
  template <class Sources>
  std::vector<std::optional<Tensor>> gradient_of(const Tensor& target, const Sources& sources,
                                                 std::source_location loc);
  std::shared_ptr<detail::TapeCore> core_;
};

}  // namespace tape
