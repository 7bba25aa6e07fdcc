// Every differentiable operation against central finite differences: first
// derivatives in f64 (plain backward pass and one recorded by an enclosing
// tape) and in f32, second derivatives through nested tapes.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <tape/tape.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

using tape::GradientTape;
using tape::Variable;

using Fn = std::function<Tensor(const std::vector<Tensor>&)>;

enum class Domain { any, positive, away_from_zero };

struct Input {
  Shape shape;
  Domain domain = Domain::any;
};

struct OpCase {
  std::string name;
  std::vector<Input> inputs;
  Fn f;
  // Finite-difference step and relative tolerance for f64 (cast through f32
  // rounds, so it needs a coarser step).
  double h = 1e-5;
  double rtol = 1e-6;
};

std::ostream& operator<<(std::ostream& os, const OpCase& c) { return os << c.name; }

std::vector<double> draw(Random& rng, const Input& in) {
  switch (in.domain) {
    case Domain::positive: return rng.fill(in.shape, 0.5, 2.0);
    case Domain::away_from_zero: return rng.fill_away_from_zero(in.shape, 0.3, 1.5);
    case Domain::any: break;
  }
  return rng.fill(in.shape, -1.5, 1.5);
}

std::vector<double> round_to_f32(std::vector<double> v) {
  for (double& x : v) x = static_cast<double>(static_cast<float>(x));
  return v;
}

std::vector<Tensor> constants(const OpCase& c, const std::vector<std::vector<double>>& x, DType d) {
  std::vector<Tensor> out;
  for (std::size_t i = 0; i < x.size(); ++i) out.push_back(constant(x[i], c.inputs[i].shape, d));
  return out;
}

// A random linear functional of f's output, so that every output element
// (and any mix-up between them) shows in the scalar that is differentiated.
struct Loss {
  const OpCase& c;
  std::vector<double> w;
  Shape out_shape;

  Loss(const OpCase& oc, Random& rng, const std::vector<std::vector<double>>& x) : c(oc) {
    out_shape = c.f(constants(c, x, DType::f64)).shape();
    w = rng.fill(out_shape, -1.0, 1.0);
  }
  Tensor operator()(const std::vector<Tensor>& in) const {
    Tensor y = c.f(in);
    EXPECT_EQ(y.shape(), out_shape);
    EXPECT_EQ(y.dtype(), in.front().dtype()) << "the output's dtype follows the inputs'";
    return tape::sum(y * constant(w, out_shape, y.dtype()));
  }
  double at(const std::vector<std::vector<double>>& x) const {
    return (*this)(constants(c, x, DType::f64)).item();
  }
};

std::vector<std::vector<double>> inputs_for(const OpCase& c, Random& rng, DType d) {
  std::vector<std::vector<double>> x;
  for (const Input& in : c.inputs) x.push_back(d == DType::f32 ? round_to_f32(draw(rng, in)) : draw(rng, in));
  return x;
}

// d loss / d input_i by central differences.
std::vector<std::vector<double>> numeric_gradient(const Loss& loss,
                                                  const std::vector<std::vector<double>>& x,
                                                  double h) {
  std::vector<std::vector<double>> g;
  for (std::size_t i = 0; i < x.size(); ++i) {
    g.emplace_back(x[i].size());
    for (std::size_t j = 0; j < x[i].size(); ++j) {
      auto plus = x, minus = x;
      plus[i][j] += h;
      minus[i][j] -= h;
      g[i][j] = (loss.at(plus) - loss.at(minus)) / (2 * h);
    }
  }
  return g;
}

std::vector<Variable> variables(const OpCase& c, const std::vector<std::vector<double>>& x, DType d) {
  std::vector<Variable> vars;
  for (std::size_t i = 0; i < x.size(); ++i) vars.emplace_back(constant(x[i], c.inputs[i].shape, d));
  return vars;
}

// The runtime's gradients of the loss, from variables of dtype d. With
// `nested`, an enclosing tape records too, so the backward pass runs as
// recorded tensor operations instead of on plain numbers.
std::vector<std::optional<Tensor>> runtime_gradient(const Loss& loss, const OpCase& c,
                                                    const std::vector<std::vector<double>>& x,
                                                    DType d, bool nested) {
  std::vector<Variable> vars = variables(c, x, d);
  // Tensors copied from the variables: each still stands for its variable.
  std::vector<Tensor> sources(vars.begin(), vars.end());
  GradientTape outer({.persistent = true});
  std::optional<tape::RecordingScope> outer_scope;
  if (nested) outer_scope.emplace(outer.record());
  GradientTape tape;
  Tensor l;
  {
    auto scope = tape.record();
    l = loss(sources);
  }
  auto grads = tape.gradient(l, sources);
  outer_scope.reset();
  outer.release();
  return grads;
}

enum class Mode { f64, f64_nested, f32 };

void check_first_order(const OpCase& c, Mode mode) {
  const DType d = mode == Mode::f32 ? DType::f32 : DType::f64;
  Random rng;
  const auto x = inputs_for(c, rng, d);
  const Loss loss(c, rng, x);
  const auto expected = numeric_gradient(loss, x, c.h);
  const auto got = runtime_gradient(loss, c, x, d, mode == Mode::f64_nested);
  ASSERT_EQ(got.size(), x.size());
  const double rtol = mode == Mode::f32 ? 2e-3 : c.rtol;
  const double atol = mode == Mode::f32 ? 2e-3 : c.rtol;
  for (std::size_t i = 0; i < x.size(); ++i) {
    SCOPED_TRACE("input " + std::to_string(i));
    ASSERT_TRUE(got[i].has_value()) << "every input reaches the output";
    EXPECT_EQ(got[i]->shape(), c.inputs[i].shape);
    EXPECT_EQ(got[i]->dtype(), d) << "a gradient has its source's dtype";
    EXPECT_TRUE(all_close(values(*got[i]), expected[i], rtol, atol));
  }
}

const Shape scalar{};

// The same function of one or two inputs, for the elementwise cases.
using Unary = std::function<Tensor(const Tensor&)>;
OpCase unary_case(std::string name, Shape s, Domain dom, Unary f) {
  return {std::move(name), {{std::move(s), dom}},
          [f = std::move(f)](const std::vector<Tensor>& in) { return f(in[0]); }};
}

// Lambdas rather than function pointers: the operations take a defaulted
// std::source_location after their operands.
const Unary neg = [](const Tensor& t) { return -t; };
const Unary sin_ = [](const Tensor& t) { return tape::sin(t); };
const Unary cos_ = [](const Tensor& t) { return tape::cos(t); };
const Unary exp_ = [](const Tensor& t) { return tape::exp(t); };
const Unary log_ = [](const Tensor& t) { return tape::log(t); };
const Unary tanh_ = [](const Tensor& t) { return tape::tanh(t); };
const Unary sqrt_ = [](const Tensor& t) { return tape::sqrt(t); };
const Unary square_ = [](const Tensor& t) { return tape::square(t); };
const Unary pow3 = [](const Tensor& t) { return tape::pow(t, 3.0); };
const Unary pow_half = [](const Tensor& t) { return tape::pow(t, 0.5); };
const Unary pow_neg = [](const Tensor& t) { return tape::pow(t, -1.5); };
const Unary relu_ = [](const Tensor& t) { return tape::relu(t); };
const Unary sigmoid_ = [](const Tensor& t) { return tape::sigmoid(t); };
const Unary sum_ = [](const Tensor& t) { return tape::sum(t); };
const Unary mean_ = [](const Tensor& t) { return tape::mean(t); };

std::vector<OpCase> first_order_cases() {
  std::vector<OpCase> cases;
  auto add2 = [&](std::string name, Shape a, Shape b, Domain db, Fn f) {
    cases.push_back({std::move(name), {{std::move(a)}, {std::move(b), db}}, std::move(f)});
  };
  const Fn add = [](const std::vector<Tensor>& in) { return in[0] + in[1]; };
  const Fn sub = [](const std::vector<Tensor>& in) { return in[0] - in[1]; };
  const Fn mul = [](const std::vector<Tensor>& in) { return in[0] * in[1]; };
  const Fn div = [](const std::vector<Tensor>& in) { return in[0] / in[1]; };
  const std::vector<std::pair<Shape, Shape>> pairs = {
      {{2, 3}, {2, 3}}, {{3, 1}, {1, 4}}, {{2, 3}, {3}}, {{3}, {2, 3}},
      {{}, {2, 3}},     {{2, 3}, {}},     {{}, {}},     {{4, 1, 2}, {3, 1}}};
  for (const auto& [a, b] : pairs) {
    const std::string shapes = tape::to_string(a) + "_" + tape::to_string(b);
    add2("add" + shapes, a, b, Domain::any, add);
    add2("sub" + shapes, a, b, Domain::any, sub);
    add2("mul" + shapes, a, b, Domain::any, mul);
    add2("div" + shapes, a, b, Domain::away_from_zero, div);
  }
  for (const Shape& s : {Shape{2, 3}, scalar}) {
    const std::string suffix = s.empty() ? "_scalar" : "";
    cases.push_back(unary_case("neg" + suffix, s, Domain::any, neg));
    cases.push_back(unary_case("sin" + suffix, s, Domain::any, sin_));
    cases.push_back(unary_case("cos" + suffix, s, Domain::any, cos_));
    cases.push_back(unary_case("exp" + suffix, s, Domain::any, exp_));
    cases.push_back(unary_case("log" + suffix, s, Domain::positive, log_));
    cases.push_back(unary_case("tanh" + suffix, s, Domain::any, tanh_));
    cases.push_back(unary_case("sqrt" + suffix, s, Domain::positive, sqrt_));
    cases.push_back(unary_case("square" + suffix, s, Domain::any, square_));
    cases.push_back(unary_case("pow3" + suffix, s, Domain::any, pow3));
    cases.push_back(unary_case("pow_half" + suffix, s, Domain::positive, pow_half));
    cases.push_back(unary_case("pow_neg" + suffix, s, Domain::positive, pow_neg));
    cases.push_back(unary_case("relu" + suffix, s, Domain::away_from_zero, relu_));
    cases.push_back(unary_case("sigmoid" + suffix, s, Domain::any, sigmoid_));
    cases.push_back(unary_case("sum" + suffix, s, Domain::any, sum_));
    cases.push_back(unary_case("mean" + suffix, s, Domain::any, mean_));
  }
  cases.push_back({"matmul", {{{2, 3}}, {{3, 4}}},
                   [](const std::vector<Tensor>& in) { return tape::matmul(in[0], in[1]); }});
  cases.push_back({"matmul_vector_like", {{{1, 3}}, {{3, 1}}},
                   [](const std::vector<Tensor>& in) { return tape::matmul(in[0], in[1]); }});
  cases.push_back({"transpose", {{{2, 3}}},
                   [](const std::vector<Tensor>& in) { return tape::transpose(in[0]); }});
  cases.push_back({"reshape", {{{2, 3}}},
                   [](const std::vector<Tensor>& in) { return tape::reshape(in[0], {3, 2}); }});
  cases.push_back({"reshape_inferred", {{{6}}},
                   [](const std::vector<Tensor>& in) { return tape::reshape(in[0], {-1, 3}); }});
  cases.push_back({"slice_rows", {{{4, 3}}},
                   [](const std::vector<Tensor>& in) { return tape::slice(in[0], 1, 3); }});
  cases.push_back({"slice_vector", {{{5}}},
                   [](const std::vector<Tensor>& in) { return tape::slice(in[0], 0, 2); }});
  // Through the other floating dtype and back: f64 -> f32 -> f64 (or the
  // reverse in f32 mode); the gradient keeps the source's dtype.
  OpCase cast_case{"cast_roundtrip", {{{2, 3}}}, [](const std::vector<Tensor>& in) {
                     const DType other = in[0].dtype() == DType::f64 ? DType::f32 : DType::f64;
                     return tape::cast(tape::cast(in[0], other) * 3.0, in[0].dtype());
                   }};
  cast_case.h = 1e-2;  // rounding to f32 is a step function at finer scales
  cast_case.rtol = 1e-5;
  cases.push_back(cast_case);
  cases.push_back({"broadcast_to_rows", {{{3}}},
                   [](const std::vector<Tensor>& in) { return tape::broadcast_to(in[0], {2, 3}); }});
  cases.push_back({"broadcast_to_cols", {{{2, 1}}},
                   [](const std::vector<Tensor>& in) { return tape::broadcast_to(in[0], {2, 4}); }});
  cases.push_back({"broadcast_to_from_scalar", {{scalar}},
                   [](const std::vector<Tensor>& in) { return tape::broadcast_to(in[0], {3}); }});
  cases.push_back({"sum_to_rows", {{{2, 3}}},
                   [](const std::vector<Tensor>& in) { return tape::sum_to(in[0], {3}); }});
  cases.push_back({"sum_to_cols", {{{2, 3}}},
                   [](const std::vector<Tensor>& in) { return tape::sum_to(in[0], {2, 1}); }});
  cases.push_back({"sum_to_scalar", {{{2, 3}}},
                   [](const std::vector<Tensor>& in) { return tape::sum_to(in[0], {}); }});
  // Plain C++ numbers next to a tensor, on either side.
  auto scalar_form = [&](std::string name, Domain dom, Fn f) {
    cases.push_back({"scalar_operand_" + name, {{{2, 3}, dom}}, f});
    cases.push_back({"scalar_operand_" + name + "_scalar", {{scalar, dom}}, f});
  };
  scalar_form("x_times_2", Domain::any, [](const std::vector<Tensor>& in) { return in[0] * 2; });
  scalar_form("2_times_x", Domain::any, [](const std::vector<Tensor>& in) { return 2 * in[0]; });
  scalar_form("x_times_2_5", Domain::any, [](const std::vector<Tensor>& in) { return in[0] * 2.5; });
  scalar_form("x_div_4", Domain::any, [](const std::vector<Tensor>& in) { return in[0] / 4; });
  scalar_form("2_div_x", Domain::away_from_zero, [](const std::vector<Tensor>& in) { return 2 / in[0]; });
  scalar_form("2_5_div_x", Domain::away_from_zero, [](const std::vector<Tensor>& in) { return 2.5 / in[0]; });
  scalar_form("x_plus_1_5", Domain::any, [](const std::vector<Tensor>& in) { return in[0] + 1.5; });
  scalar_form("1_5_plus_x", Domain::any, [](const std::vector<Tensor>& in) { return 1.5 + in[0]; });
  scalar_form("x_minus_3", Domain::any, [](const std::vector<Tensor>& in) { return in[0] - 3; });
  scalar_form("3_minus_x", Domain::any, [](const std::vector<Tensor>& in) { return 3 - in[0]; });
  scalar_form("unsigned_times_x", Domain::any, [](const std::vector<Tensor>& in) { return 3u * in[0]; });
  scalar_form("x_times_size_t", Domain::any,
              [](const std::vector<Tensor>& in) { return in[0] * std::size_t{3}; });
  scalar_form("x_div_float", Domain::any, [](const std::vector<Tensor>& in) { return in[0] / 2.0f; });
  // Compositions: reuse of an input, chains, a small layer.
  cases.push_back({"reuse", {{{2, 3}}}, [](const std::vector<Tensor>& in) {
                     return in[0] * in[0] + tape::sin(in[0]) * in[0] - in[0];
                   }});
  cases.push_back({"chain", {{{3}}}, [](const std::vector<Tensor>& in) {
                     return tape::tanh(tape::exp(-tape::square(in[0])) * 2.0 + tape::sigmoid(in[0]));
                   }});
  cases.push_back({"softmax", {{{4}}}, [](const std::vector<Tensor>& in) {
                     const Tensor e = tape::exp(in[0]);
                     return e / tape::sum(e);
                   }});
  cases.push_back({"dense_layer", {{{2, 3}}, {{3, 4}}, {{4}}}, [](const std::vector<Tensor>& in) {
                     return tape::sigmoid(tape::matmul(in[0], in[1]) + in[2]);
                   }});
  cases.push_back({"mse", {{{5, 2}}, {{2, 1}}}, [](const std::vector<Tensor>& in) {
                     const Tensor pred = tape::matmul(in[0], in[1]);
                     return tape::mean(tape::square(pred - 0.5));
                   }});
  cases.push_back({"structural_mix", {{{4, 3}}}, [](const std::vector<Tensor>& in) {
                     const Tensor rows = tape::slice(in[0], 1, 4);  // [3,3]
                     const Tensor t = tape::transpose(tape::reshape(rows, {9, 1}));  // [1,9]
                     return tape::sum_to(tape::broadcast_to(t, {2, 9}) * 1.5, {9});
                   }});
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<OpCase>& info) {
  std::string n;
  for (const char ch : info.param.name) n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return n;
}

class FirstOrder : public ::testing::TestWithParam<OpCase> {};

TEST_P(FirstOrder, F64MatchesFiniteDifferences) { check_first_order(GetParam(), Mode::f64); }

TEST_P(FirstOrder, F64RecordedBackwardMatchesFiniteDifferences) {
  check_first_order(GetParam(), Mode::f64_nested);
}

TEST_P(FirstOrder, F32MatchesFiniteDifferences) { check_first_order(GetParam(), Mode::f32); }

INSTANTIATE_TEST_SUITE_P(Ops, FirstOrder, ::testing::ValuesIn(first_order_cases()), case_name);

// ---------------------------------------------------------------------------
// Second derivatives: an inner tape's gradient taken inside an outer tape's
// scope, then differentiated by the outer tape. Checked as a Hessian-vector
// product against finite differences of the (first-order checked) gradient.

std::vector<std::vector<double>> first_gradient(const Loss& loss, const OpCase& c,
                                                const std::vector<std::vector<double>>& x) {
  std::vector<std::vector<double>> out;
  for (const auto& g : runtime_gradient(loss, c, x, DType::f64, false)) {
    EXPECT_TRUE(g.has_value());
    out.push_back(g ? values(*g) : std::vector<double>{});
  }
  return out;
}

void check_second_order(const OpCase& c) {
  Random rng(7);
  const auto x = inputs_for(c, rng, DType::f64);
  const Loss loss(c, rng, x);
  std::vector<std::vector<double>> u;
  for (const Input& in : c.inputs) u.push_back(rng.fill(in.shape, -1.0, 1.0));

  // (H u)_i = d/dh grad_i(x + h u) at h = 0.
  const double h = 1e-5;
  auto shifted = [&](double by) {
    auto y = x;
    for (std::size_t i = 0; i < y.size(); ++i)
      for (std::size_t j = 0; j < y[i].size(); ++j) y[i][j] += by * u[i][j];
    return y;
  };
  const auto gp = first_gradient(loss, c, shifted(h));
  const auto gm = first_gradient(loss, c, shifted(-h));

  std::vector<Variable> vars = variables(c, x, DType::f64);
  std::vector<Tensor> sources(vars.begin(), vars.end());
  GradientTape outer;
  Tensor hvp_target;
  {
    auto outer_scope = outer.record();
    GradientTape inner;
    Tensor l;
    {
      auto inner_scope = inner.record();
      l = loss(sources);
    }
    const auto g = inner.gradient(l, sources);
    hvp_target = Tensor(0.0);
    for (std::size_t i = 0; i < g.size(); ++i) {
      ASSERT_TRUE(g[i].has_value());
      hvp_target = hvp_target + tape::sum(*g[i] * constant(u[i], c.inputs[i].shape));
    }
  }
  const auto d2 = outer.gradient(hvp_target, sources);
  bool any_connected = false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    SCOPED_TRACE("input " + std::to_string(i));
    std::vector<double> expected(x[i].size());
    for (std::size_t j = 0; j < expected.size(); ++j) expected[j] = (gp[i][j] - gm[i][j]) / (2 * h);
    // Unconnected: the gradient does not depend on this input at all.
    const std::vector<double> got = d2[i] ? values(*d2[i]) : std::vector<double>(x[i].size(), 0.0);
    any_connected |= d2[i].has_value();
    if (d2[i]) {
      EXPECT_EQ(d2[i]->shape(), c.inputs[i].shape);
    }
    EXPECT_TRUE(all_close(got, expected, 1e-5, 1e-6));
  }
  EXPECT_TRUE(any_connected) << "every case has a non-zero second derivative";
}

std::vector<OpCase> second_order_cases() {
  std::vector<OpCase> cases;
  const std::vector<std::pair<Shape, Shape>> pairs = {{{2, 3}, {2, 3}}, {{3, 1}, {1, 4}}, {{2, 3}, {3}}, {{}, {}}};
  for (const auto& [a, b] : pairs) {
    const std::string shapes = tape::to_string(a) + "_" + tape::to_string(b);
    cases.push_back({"mul" + shapes, {{a}, {b}},
                     [](const std::vector<Tensor>& in) { return in[0] * in[1]; }});
    cases.push_back({"div" + shapes, {{a}, {b, Domain::away_from_zero}},
                     [](const std::vector<Tensor>& in) { return in[0] / in[1]; }});
    cases.push_back({"square_of_sum" + shapes, {{a}, {b}},
                     [](const std::vector<Tensor>& in) { return tape::square(in[0] + in[1]); }});
    cases.push_back({"square_of_difference" + shapes, {{a}, {b}},
                     [](const std::vector<Tensor>& in) { return tape::square(in[0] - in[1]); }});
  }
  for (const Shape& s : {Shape{2, 3}, scalar}) {
    const std::string suffix = s.empty() ? "_scalar" : "";
    cases.push_back(unary_case("sin" + suffix, s, Domain::any, sin_));
    cases.push_back(unary_case("cos" + suffix, s, Domain::any, cos_));
    cases.push_back(unary_case("exp" + suffix, s, Domain::any, exp_));
    cases.push_back(unary_case("log" + suffix, s, Domain::positive, log_));
    cases.push_back(unary_case("tanh" + suffix, s, Domain::any, tanh_));
    cases.push_back(unary_case("sqrt" + suffix, s, Domain::positive, sqrt_));
    cases.push_back(unary_case("square" + suffix, s, Domain::any, square_));
    cases.push_back(unary_case("pow3" + suffix, s, Domain::any, pow3));
    cases.push_back(unary_case("pow_neg" + suffix, s, Domain::positive, pow_neg));
    cases.push_back(unary_case("sigmoid" + suffix, s, Domain::any, sigmoid_));
    cases.push_back({"relu_times_x" + suffix, {{s, Domain::away_from_zero}},
                     [](const std::vector<Tensor>& in) { return tape::relu(in[0]) * in[0]; }});
    cases.push_back({"neg_cube" + suffix, {{s}},
                     [](const std::vector<Tensor>& in) { return -(in[0] * in[0] * in[0]); }});
    cases.push_back({"scalar_operands" + suffix, {{s, Domain::away_from_zero}},
                     [](const std::vector<Tensor>& in) { return 2 / in[0] + in[0] * in[0] * 3 - 1; }});
  }
  cases.push_back({"matmul_squared", {{{2, 3}}, {{3, 2}}},
                   [](const std::vector<Tensor>& in) { return tape::square(tape::matmul(in[0], in[1])); }});
  cases.push_back({"dense_layer", {{{2, 3}}, {{3, 4}}, {{4}}}, [](const std::vector<Tensor>& in) {
                     return tape::tanh(tape::matmul(in[0], in[1]) + in[2]);
                   }});
  cases.push_back({"structural_mix", {{{4, 3}}}, [](const std::vector<Tensor>& in) {
                     const Tensor rows = tape::slice(tape::square(in[0]), 1, 4);
                     const Tensor t = tape::transpose(tape::reshape(rows, {9, 1}));
                     return tape::mean(tape::broadcast_to(t, {2, 9}) * tape::sum_to(t, {}));
                   }});
  return cases;
}

class SecondOrder : public ::testing::TestWithParam<OpCase> {};

TEST_P(SecondOrder, NestedTapesMatchFiniteDifferences) {
  check_second_order(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Ops, SecondOrder, ::testing::ValuesIn(second_order_cases()), case_name);

TEST(SecondOrder, ScalarCubeGivesSixX) {
  Variable x(1.5);
  GradientTape outer;
  std::optional<Tensor> dy;
  {
    auto so = outer.record();
    GradientTape inner;
    Tensor y;
    {
      auto si = inner.record();
      y = x * x * x;
    }
    dy = inner.gradient(y, x);
  }
  ASSERT_TRUE(dy);
  EXPECT_DOUBLE_EQ(dy->item(), 3 * 1.5 * 1.5);
  const auto d2 = outer.gradient(*dy, x);
  ASSERT_TRUE(d2);
  EXPECT_DOUBLE_EQ(d2->item(), 6 * 1.5);
}

TEST(SecondOrder, ThirdDerivativeThroughThreeTapes) {
  Variable x(2.0);
  GradientTape t1;
  std::optional<Tensor> d2;
  {
    auto s1 = t1.record();
    GradientTape t2;
    std::optional<Tensor> d1;
    {
      auto s2 = t2.record();
      GradientTape t3;
      Tensor y;
      {
        auto s3 = t3.record();
        y = tape::pow(x, 4.0);
      }
      d1 = t3.gradient(y, x);  // 4x^3
    }
    ASSERT_TRUE(d1);
    EXPECT_DOUBLE_EQ(d1->item(), 32.0);
    d2 = t2.gradient(*d1, x);  // 12x^2
  }
  ASSERT_TRUE(d2);
  EXPECT_DOUBLE_EQ(d2->item(), 48.0);
  const auto d3 = t1.gradient(*d2, x);  // 24x
  ASSERT_TRUE(d3);
  EXPECT_DOUBLE_EQ(d3->item(), 48.0);
}

TEST(SecondOrder, TensorHessianDiagonalOfElementwiseFunction) {
  // y = sum(sin(x) * x): dy/dx = sin x + x cos x, d2/dx2 = 2 cos x - x sin x.
  const std::vector<double> x0 = {-1.2, 0.3, 0.9, 2.0};
  Variable x(x0);
  GradientTape outer;
  std::optional<Tensor> g;
  {
    auto so = outer.record();
    GradientTape inner;
    Tensor y;
    {
      auto si = inner.record();
      y = tape::sum(tape::sin(x) * x);
    }
    g = inner.gradient(y, x);
  }
  ASSERT_TRUE(g);
  // Differentiating the (non-scalar) gradient sums its elements, and the
  // Hessian is diagonal, so this is the diagonal.
  const auto h = outer.gradient(*g, x);
  ASSERT_TRUE(h);
  std::vector<double> first, second;
  for (double v : x0) {
    first.push_back(std::sin(v) + v * std::cos(v));
    second.push_back(2 * std::cos(v) - v * std::sin(v));
  }
  EXPECT_TRUE(tensor_is(*g, {4}, first, 1e-12));
  EXPECT_TRUE(tensor_is(*h, {4}, second, 1e-12));
}

TEST(SecondOrder, F32CastCube) {
  // f32 inside, f64 outside: d2/dx2 of x^3 is 6x, to f32 precision.
  Variable x({0.5, -1.25, 2.0});
  GradientTape outer;
  std::optional<Tensor> g;
  {
    auto so = outer.record();
    GradientTape inner;
    Tensor y;
    {
      auto si = inner.record();
      const Tensor c = tape::cast(x, DType::f32);
      y = tape::sum(tape::cast(c * c * c, DType::f64));
    }
    g = inner.gradient(y, x);
  }
  ASSERT_TRUE(g);
  EXPECT_EQ(g->dtype(), DType::f64);
  EXPECT_TRUE(tensor_is(*g, {3}, {0.75, 4.6875, 12.0}, 1e-6));
  const auto h = outer.gradient(*g, x);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->dtype(), DType::f64);
  EXPECT_TRUE(tensor_is(*h, {3}, {3.0, -7.5, 12.0}, 1e-6));
}

TEST(SecondOrder, PersistentInnerTapeAnswersTwoSecondOrderQuestions) {
  Variable x(0.7), y(-0.4);
  GradientTape outer({.persistent = true});
  std::optional<Tensor> gx;
  {
    auto so = outer.record();
    GradientTape inner;
    Tensor f;
    {
      auto si = inner.record();
      f = x * x * y + tape::exp(y);
    }
    gx = inner.gradient(f, x);  // 2xy
  }
  ASSERT_TRUE(gx);
  const auto dxx = outer.gradient(*gx, x);  // 2y
  const auto dxy = outer.gradient(*gx, y);  // 2x
  outer.release();
  ASSERT_TRUE(dxx && dxy);
  EXPECT_DOUBLE_EQ(dxx->item(), 2 * -0.4);
  EXPECT_DOUBLE_EQ(dxy->item(), 2 * 0.7);
}

}  // namespace
}  // namespace tape_test
