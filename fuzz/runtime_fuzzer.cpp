// libFuzzer target: random programs of operations, shapes and dtypes run
// through the runtime. Every error must be one of the documented kinds, and
// where the program is smooth its gradients must match central finite
// differences. A program on scalar f64 inputs runs on tape::Scalar too, with
// diagnostics listening and not: all three gradients must agree.
#include <tape/tape.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <optional>
#include <vector>

namespace {

// Reads the fuzzer's bytes as a program; past the end every read is 0.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t next() { return at_ < size_ ? data_[at_++] : 0; }
  bool done() const { return at_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

const tape::Shape shapes[] = {{}, {3}, {2, 3}, {3, 1}, {1, 3}, {0}};

struct Input {
  std::vector<double> values;
  tape::Shape shape;
  tape::DType dtype;
};

tape::Tensor make(const Input& in) {
  tape::Tensor t = tape::Tensor::from_raw(in.values.data(), in.shape);
  return in.dtype == tape::DType::f64 ? t : tape::cast(t, in.dtype);
}

// The program steps a tape::Tensor and a tape::Scalar both have; nullopt for
// the others.
template <class Value>
std::optional<Value> elementwise_step(std::uint8_t op, const Value& a, const Value& b) {
  switch (op % 20) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return a / (b * b + 1.0);
    case 4: return tape::sin(a);
    case 5: return tape::cos(a);
    case 6: return tape::exp(tape::tanh(a));
    case 7: return tape::log(a * a + 1.0);
    case 8: return tape::tanh(a);
    case 9: return tape::sqrt(a * a + 1.0);
    case 10: return tape::square(a);
    case 11: return tape::pow(a * a + 1.0, 1.5);
    case 12: return tape::sigmoid(a);
    case 18: return -a * 0.5;
    default: return std::nullopt;
  }
}

// One program step on the value stack; `smooth` turns false on any step
// whose derivative finite differences cannot check.
tape::Tensor step(std::uint8_t op, const tape::Tensor& a, const tape::Tensor& b, bool& smooth) {
  if (std::optional<tape::Tensor> r = elementwise_step(op, a, b)) return *r;
  switch (op % 20) {
    case 13: return tape::sum(a);
    case 14: return tape::mean(a);
    case 15: return tape::matmul(a, b);
    case 16: return tape::reshape(a, {-1});
    case 17: return a.shape().empty() ? a : tape::slice(a, 0, 1);
    default:
      smooth = false;
      return tape::round(a) + a;
  }
}

struct Program {
  std::vector<Input> inputs;
  std::vector<std::uint8_t> ops;
};

Program parse(Bytes& bytes) {
  Program p;
  const int n_inputs = 1 + bytes.next() % 3;
  for (int i = 0; i < n_inputs; ++i) {
    Input in;
    in.shape = shapes[bytes.next() % std::size(shapes)];
    const std::uint8_t d = bytes.next();
    in.dtype = d % 7 == 0 ? tape::DType::i64 : d % 3 == 0 ? tape::DType::f32 : tape::DType::f64;
    for (std::int64_t k = 0; k < tape::element_count(in.shape); ++k)
      in.values.push_back((static_cast<int>(bytes.next()) - 128) / 64.0);
    p.inputs.push_back(std::move(in));
  }
  while (!bytes.done() && p.ops.size() < 24) p.ops.push_back(bytes.next());
  return p;
}

// Finite differences step inputs by 1e-6: past this magnitude an intermediate
// value (say sin's argument, grown by pow) can move by more than its period,
// and two step sizes can still agree by chance (a fuzzer-found program).
constexpr double largest_checkable = 1e3;

bool moderate(const tape::Tensor& t) {
  for (const double v : t.to_vector())
    if (!(std::fabs(v) <= largest_checkable)) return false;
  return true;
}

// The program's scalar output; tensors stay in a stack the ops index into.
tape::Tensor run(const Program& p, const std::vector<tape::Tensor>& leaves, bool& smooth) {
  std::vector<tape::Tensor> stack(leaves);
  for (std::size_t i = 0; i + 1 < p.ops.size(); i += 2) {
    const tape::Tensor& a = stack[p.ops[i + 1] % stack.size()];
    const tape::Tensor& b = stack[(p.ops[i + 1] / 8) % stack.size()];
    stack.push_back(step(p.ops[i], a, b, smooth));
    smooth = smooth && moderate(stack.back());
  }
  return tape::sum(stack.back());
}

double value_at(const Program& p, std::size_t which, std::size_t k, double delta) {
  Program moved = p;
  moved.inputs[which].values[k] += delta;
  std::vector<tape::Tensor> leaves;
  for (const Input& in : moved.inputs) leaves.push_back(make(in));
  bool smooth = true;
  return run(moved, leaves, smooth).item();
}

void check_against_finite_differences(const Program& p, std::size_t which,
                                      const tape::Tensor& grad) {
  const std::vector<double> g = grad.to_vector();
  auto central = [&](std::size_t k, double h) {
    return (value_at(p, which, k, h) - value_at(p, which, k, -h)) / (2 * h);
  };
  auto close = [](double a, double b) { return std::fabs(a - b) <= 1e-3 * (1 + std::fabs(b)); };
  for (std::size_t k = 0; k < g.size(); ++k) {
    const double fd = central(k, 1e-6);
    // Where two step sizes disagree the function is too wild for finite
    // differences (sin of a huge value): no verdict there.
    if (!std::isfinite(fd) || std::fabs(fd) > 1e6 || !close(central(k, 1e-5), fd)) continue;
    if (!close(g[k], fd)) {
      std::fprintf(stderr, "input %zu element %zu: gradient %.12g, finite difference %.12g\n",
                   which, k, g[k], fd);
      std::abort();
    }
  }
}

// The step on tape::Scalar, or nullopt for an operation Scalar does not
// have (a Tensor of one element stands for a number in the others).
std::optional<tape::Scalar> scalar_step(std::uint8_t op, const tape::Scalar& a, const tape::Scalar& b) {
  switch (op % 20) {
    case 13:
    case 14:
    case 16:
    case 17: return a;  // sum, mean, reshape, slice of one number
    default: return elementwise_step(op, a, b);  // nullopt: matmul, round
  }
}

// The program's gradients with respect to its inputs on tape::Scalar, or
// nullopt when it uses an operation Scalar does not have.
std::optional<std::vector<std::optional<double>>> scalar_gradients(const Program& p, bool listen) {
  std::optional<tape::diagnostics::Listener> listening;
  if (listen) listening.emplace();
  tape::GradientTape tape;
  std::vector<tape::Scalar> stack;
  for (const Input& in : p.inputs) stack.emplace_back(in.values.front());
  const std::vector<tape::Scalar>::size_type n_inputs = stack.size();
  {
    auto scope = tape.record();
    for (std::size_t i = 0; i < n_inputs; ++i) tape.watch(stack[i]);
    for (std::size_t i = 0; i + 1 < p.ops.size(); i += 2) {
      const std::optional<tape::Scalar> r = scalar_step(p.ops[i], stack[p.ops[i + 1] % stack.size()],
                                                       stack[(p.ops[i + 1] / 8) % stack.size()]);
      if (!r) return std::nullopt;
      stack.push_back(*r);
    }
  }
  return tape.gradient(stack.back(), std::vector<tape::Scalar>(stack.begin(), stack.begin() + n_inputs));
}

bool same_number(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= 1e-9 * (1 + std::fabs(b));
}

// Scalar's gradients, silent and listening, against the tensor path's.
void check_scalar_path(const Program& p, const std::vector<std::optional<tape::Tensor>>& tensor) {
  for (const Input& in : p.inputs)
    if (!in.shape.empty() || in.dtype != tape::DType::f64) return;
  const auto silent = scalar_gradients(p, false);
  if (!silent) return;
  const auto listened = scalar_gradients(p, true);
  for (std::size_t i = 0; i < tensor.size(); ++i) {
    const std::optional<double>& s = (*silent)[i];
    const bool agree = s.has_value() == tensor[i].has_value() &&
                       (!s || same_number(*s, tensor[i]->item())) && (*listened)[i].has_value() == s.has_value() &&
                       (!s || std::memcmp(&*s, &*(*listened)[i], sizeof(double)) == 0);
    if (!agree) {
      std::fprintf(stderr, "input %zu: Scalar gradient %s (listening %s), Tensor %s\n", i,
                   s ? std::to_string(*s).c_str() : "none",
                   (*listened)[i] ? std::to_string(*(*listened)[i]).c_str() : "none",
                   tensor[i] ? std::to_string(tensor[i]->item()).c_str() : "none");
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes bytes(data, size);
  const Program p = parse(bytes);
  try {
    std::vector<tape::Variable> vars;
    for (const Input& in : p.inputs) vars.emplace_back(make(in));
    tape::GradientTape tape({.persistent = true});
    bool smooth = true;
    tape::Tensor out;
    {
      auto scope = tape.record();
      out = run(p, std::vector<tape::Tensor>(vars.begin(), vars.end()), smooth);
    }
    std::vector<std::optional<tape::Tensor>> grads;
    for (std::size_t i = 0; i < vars.size(); ++i) {
      const std::optional<tape::Tensor> g = tape.gradient(out, vars[i]);
      const bool checkable = smooth && p.inputs[i].dtype == tape::DType::f64 &&
                             std::isfinite(out.item()) && std::fabs(out.item()) < 1e6;
      if (g && checkable) check_against_finite_differences(p, i, *g);
      grads.push_back(g);
    }
    tape.release();
    check_scalar_path(p, grads);
  } catch (const tape::ShapeError&) {
  } catch (const tape::DTypeError&) {
  }
  return 0;
}
