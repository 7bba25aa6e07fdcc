// Variable: trainable state. Copies of a Variable are handles to the same
// state; a Tensor converted from it still stands for it.
#pragma once

#include <memory>
#include <vector>

#include "tape/tensor.hpp"

namespace tape {

class Variable {
 public:
  Variable(double v);
  Variable(float v);
  template <std::integral I>
  Variable(I v) : Variable(Tensor(v)) {}
  Variable(std::vector<double> values, Shape shape = {});
  Variable(std::initializer_list<double> values);
  explicit Variable(const Tensor& initial);

  // Usable wherever a const Tensor& is expected.
  operator const Tensor&() const { return state_->current; }
  const Tensor& read() const { return state_->current; }

  void assign(const Tensor& t);
  void assign_sub(const Tensor& t);
  // A snapshot of the current value as a plain constant (not the variable).
  Tensor value() const;

  const Shape& shape() const { return read().shape(); }
  DType dtype() const { return read().dtype(); }
  std::int64_t size() const { return read().size(); }
  double item(std::source_location loc = std::source_location::current()) const {
    return read().item(loc);
  }
  std::vector<double> to_vector(std::source_location loc = std::source_location::current()) const {
    return read().to_vector(loc);
  }

 private:
  struct State {
    Tensor current;
  };
  std::shared_ptr<State> state_;
};

}  // namespace tape
