// Tensor: an immutable value with shared storage, the unit every operation
// consumes and produces.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <source_location>
#include <vector>

#include "tape/detail/links.hpp"
#include "tape/dtype.hpp"

namespace tape {

namespace detail {
struct Provenance;
struct TensorState;
struct TensorAccess;
}  // namespace detail

class Tensor {
 public:
  // Undefined.
  Tensor() = default;

  // Scalars: double is f64, float is f32, every integral type is i64.
  Tensor(double v, std::source_location loc = std::source_location::current());
  Tensor(float v);
  template <std::integral I>
  Tensor(I v) : Tensor(integral_tag{}, static_cast<double>(v)) {}

  // 1-D f64 constants, copied.
  Tensor(std::initializer_list<double> values,
         std::source_location loc = std::source_location::current());
  Tensor(const std::vector<double>& values,
         std::source_location loc = std::source_location::current());
  template <std::size_t N>
  Tensor(const double (&values)[N],
         std::source_location loc = std::source_location::current())
      : Tensor(from_raw(values, Shape{static_cast<std::int64_t>(N)}, loc)) {}

  // A constant copied from raw memory.
  static Tensor from_raw(const double* p, Shape s,
                         std::source_location loc = std::source_location::current());
  // A zero-copy constant that aliases memory the caller owns. The caller must
  // keep it alive and unchanged while a tape may read it.
  static Tensor view(double* p, Shape s,
                     std::source_location loc = std::source_location::current());

  const Shape& shape() const;
  DType dtype() const { return dtype_; }
  std::int64_t size() const;
  bool defined() const { return defined_; }

  // Raw exports: the value leaves the tape; a tensor built from it again is a
  // constant to every tape.
  double item(std::source_location loc = std::source_location::current()) const;
  std::vector<double> to_vector(std::source_location loc = std::source_location::current()) const;
  const double* data(std::source_location loc = std::source_location::current()) const;

 private:
  friend struct detail::TensorAccess;
  struct integral_tag {};
  Tensor(integral_tag, double v);

  // A scalar that an operation made keeps everything in these 64 bytes; the
  // rest (storage of a non-scalar, more tapes, the variable it stands for)
  // sits behind one pointer, shared by copies.
  double scalar_ = 0.0;
  std::uint64_t id_ = 0;
  std::uint64_t tape_ = 0;                // the first tape that recorded it, 0 if none
  std::uint32_t node_ = detail::no_node;  // its node there
  DType dtype_ = DType::f64;
  bool defined_ = false;
  bool root_ = false;  // made by the user from raw values, not by an operation
  std::shared_ptr<detail::TensorState> state_;
  // What explains a missing gradient; carried from input to output by
  // operations while diagnostics listen.
  std::shared_ptr<const detail::Provenance> provenance_;
};

}  // namespace tape
