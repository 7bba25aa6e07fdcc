#include "tape/variable.hpp"

#include <atomic>
#include <string>

#include "tape/error.hpp"
#include "tape/ops.hpp"
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

}  // namespace

// The identity lives in the same allocation as the value: reading a variable
// (the hot path of scalar code) then touches one object, not two.
struct Variable::StateWithIdentity : State {
  explicit StateWithIdentity(std::uint64_t id) : identity(id) {}
  detail::VariableIdentity identity;
};

Variable::Variable(const Tensor& initial) {
  if (!initial.defined()) throw Error("Variable: the initial value is undefined");
  static std::atomic<std::uint64_t> ids{0};
  auto state = std::make_shared<StateWithIdentity>(++ids);
  std::shared_ptr<detail::VariableIdentity> identity(state, &state->identity);
  state->current = as_variable(initial, std::move(identity));
  state_ = std::move(state);
}

Variable::Variable(double v) : Variable(Tensor(v)) {}
Variable::Variable(float v) : Variable(Tensor(v)) {}
Variable::Variable(std::initializer_list<double> values) : Variable(Tensor(values)) {}

Variable::Variable(std::vector<double> values, Shape shape)
    : Variable(shape.empty() ? Tensor(values)
                             : Tensor::from_raw(values.data(), std::move(shape))) {}

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
