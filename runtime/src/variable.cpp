#include "tape/variable.hpp"

#include <atomic>
#include <string>

#include "tape/error.hpp"
#include "tape/ops.hpp"
#include "kernels.hpp"
#include "tensor_access.hpp"
#include "variable_identity.hpp"

namespace tape {

using detail::TensorAccess;

namespace {

// The variable's value: a copy of t that stands for the variable.
Tensor as_variable(const Tensor& t, std::shared_ptr<detail::VariableIdentity> identity) {
  Tensor v = TensorAccess::detached(t);
  TensorAccess::set_variable(v, std::move(identity));
  return v;
}

// The values as a tensor of `shape`, which they must fill exactly.
Tensor filled(const std::vector<double>& values, Shape shape) {
  if (shape.empty()) return Tensor(values);
  detail::require_valid_shape(shape, "Variable");
  if (element_count(shape) != static_cast<std::int64_t>(values.size()))
    throw ShapeError("Variable: " + std::to_string(values.size()) +
                     " values do not fill shape " + to_string(shape));
  return Tensor::from_raw(values.data(), std::move(shape));
}

}  // namespace

// The identity is an allocation of its own: the value's tensor owns it, and
// the variable's state owns that tensor, so sharing one allocation would
// make a cycle that leaks every variable.
Variable::Variable(const Tensor& initial) : state_(std::make_shared<State>()) {
  if (!initial.defined()) throw Error("Variable: the initial value is undefined");
  static std::atomic<std::uint64_t> ids{0};
  state_->current =
      as_variable(initial, std::make_shared<detail::VariableIdentity>(++ids));
}

Variable::Variable(double v) : Variable(Tensor(v)) {}
Variable::Variable(float v) : Variable(Tensor(v)) {}
Variable::Variable(std::initializer_list<double> values) : Variable(Tensor(values)) {}

Variable::Variable(std::vector<double> values, Shape shape)
    : Variable(filled(values, std::move(shape))) {}

void Variable::assign(const Tensor& t) {
  const Tensor& now = read();
  if (!t.defined()) throw Error("assign: the value is undefined");
  if (t.shape() != now.shape())
    throw ShapeError("assign: shape " + to_string(t.shape()) + " into a variable of shape " +
                     to_string(now.shape()));
  if (t.dtype() != now.dtype())
    throw DTypeError("assign: dtype " + std::string(to_string(t.dtype())) +
                     " into a variable of dtype " + std::string(to_string(now.dtype())));
  state_->current = as_variable(t, TensorAccess::variable_ptr(now));
}

void Variable::assign_sub(const Tensor& t) { assign(value() - t); }

Tensor Variable::value() const { return TensorAccess::detached(read()); }

}  // namespace tape
