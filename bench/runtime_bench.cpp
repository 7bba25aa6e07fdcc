// f(x) = sum_i sin(x_i) * x_(i+1) + 0.5 * exp(-x_i^2), record plus gradient,
// against the plain double loop (the floor), a hand-written gradient and
// ADOL-C (the peer). Each tape benchmark checks its gradient against the
// hand-written one to 1e-10 before it is timed.
#include <benchmark/benchmark.h>
#include <tape/tape.hpp>

#include "backward.hpp"  // the runtime's internals, for BM_TapeCoreOnly

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#ifdef TAPE_BENCH_WITH_ADOLC
#include <adolc/adolc.h>
#endif

namespace {

std::vector<double> inputs(std::int64_t n) {
  std::vector<double> x(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37 * static_cast<double>(i)) * 1.5;
  return x;
}

double f_plain(const std::vector<double>& x) {
  double s = 0;
  for (std::size_t i = 0; i + 1 < x.size(); ++i)
    s += std::sin(x[i]) * x[i + 1] + 0.5 * std::exp(-x[i] * x[i]);
  return s;
}

std::vector<double> gradient_by_hand(const std::vector<double>& x) {
  std::vector<double> g(x.size(), 0.0);
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    g[i] += std::cos(x[i]) * x[i + 1] - x[i] * std::exp(-x[i] * x[i]);
    g[i + 1] += std::sin(x[i]);
  }
  return g;
}

void require_close(const std::vector<double>& got, const std::vector<double>& want, const char* who) {
  for (std::size_t i = 0; i < want.size(); ++i)
    if (std::fabs(got[i] - want[i]) > 1e-10) {
      std::fprintf(stderr, "%s: gradient[%zu] = %.17g, expected %.17g\n", who, i, got[i], want[i]);
      std::abort();
    }
}

std::vector<double> tape_vectorised(const std::vector<double>& values) {
  const auto n = static_cast<std::int64_t>(values.size());
  tape::Variable x(values);
  tape::GradientTape tape;
  tape::Tensor f;
  {
    auto scope = tape.record();
    const tape::Tensor a = tape::slice(x, 0, n - 1);
    const tape::Tensor b = tape::slice(x, 1, n);
    f = tape::sum(tape::sin(a) * b + 0.5 * tape::exp(-tape::square(a)));
  }
  return tape.gradient(f, x)->to_vector();
}

// What the last elementwise recording held, for the bytes-per-operation counter.
tape::GradientTape::Footprint last_footprint;

std::vector<double> tape_elementwise(const std::vector<tape::Variable>& x) {
  tape::GradientTape tape;
  tape::Tensor f = 0.0;
  {
    auto scope = tape.record();
    for (std::size_t i = 0; i + 1 < x.size(); ++i)
      f = f + tape::sin(x[i]) * x[i + 1] + 0.5 * tape::exp(-tape::square(x[i]));
  }
  last_footprint = tape.footprint();
  std::vector<double> g;
  for (const auto& d : tape.gradient(f, x)) g.push_back(d->item());
  return g;
}

// The same function on tape::Scalar, the handle type for element-wise code.
tape::GradientTape::Footprint last_scalar_footprint;

std::vector<double> scalar_elementwise(const std::vector<double>& values) {
  tape::GradientTape tape;
  std::vector<tape::Scalar> x(values.begin(), values.end());
  tape::Scalar f = 0.0;
  {
    auto scope = tape.record();
    for (tape::Scalar& xi : x) tape.watch(xi);
    for (std::size_t i = 0; i + 1 < x.size(); ++i)
      f = f + tape::sin(x[i]) * x[i + 1] + 0.5 * tape::exp(-tape::square(x[i]));
  }
  last_scalar_footprint = tape.footprint();
  std::vector<double> g;
  g.reserve(x.size());
  for (const auto& d : tape.gradient(f, x)) g.push_back(*d);
  return g;
}

// The same recording and backward pass with no Tensor around them: f's
// entries appended to a tape core directly, leaves made at a variable's first
// read, gradients by the runtime's own backward pass. The Tensor API cannot
// be faster than this; the difference is what its semantics (identity, links
// to several tapes, provenance, checks) cost per operation.
std::vector<double> tape_core_only(const std::vector<double>& x) {
  using tape::detail::no_node;
  using tape::detail::Op;
  tape::detail::TapeCore core({}, {});
  std::vector<std::uint32_t> leaf(x.size(), no_node);
  auto read = [&](std::size_t i) {
    if (leaf[i] == no_node)
      leaf[i] = core.append_scalar(Op::leaf, tape::DType::f64, no_node, no_node, {});
    return leaf[i];
  };
  auto record = [&](Op op, std::uint32_t na, std::uint32_t nb, double a, double b, double y) {
    return core.append_scalar(op, tape::DType::f64, na, nb, {.a = a, .b = b, .y = y});
  };
  double f = 0;
  std::uint32_t nf = no_node;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    const std::uint32_t ni = read(i), nj = read(i + 1);
    const double s = std::sin(x[i]), m = s * x[i + 1];
    const double q = x[i] * x[i], e = std::exp(-q), h = 0.5 * e, t = m + h;
    const std::uint32_t ns = record(Op::sin, ni, no_node, x[i], 0, s);
    const std::uint32_t nm = record(Op::mul, ns, nj, s, x[i + 1], m);
    const std::uint32_t nq = record(Op::square, ni, no_node, x[i], 0, q);
    const std::uint32_t nn = record(Op::neg, nq, no_node, q, 0, -q);
    const std::uint32_t ne = record(Op::exp, nn, no_node, -q, 0, e);
    const std::uint32_t nh = record(Op::mul, no_node, ne, 0.5, e, h);
    const std::uint32_t nt = record(Op::add, nm, nh, m, h, t);
    nf = record(Op::add, nf, nt, f, t, f + t);
    f += t;
  }
  std::vector<double> g;
  for (const auto& d : tape::detail::backward(core, nf, tape::Tensor(f), leaf))
    g.push_back(d->item());
  return g;
}

void BM_PlainLoop(benchmark::State& state) {
  const auto x = inputs(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(f_plain(x));
}

void BM_HandGradient(benchmark::State& state) {
  const auto x = inputs(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(f_plain(x));
    benchmark::DoNotOptimize(gradient_by_hand(x));
  }
}

void BM_TapeVectorised(benchmark::State& state) {
  const auto x = inputs(state.range(0));
  require_close(tape_vectorised(x), gradient_by_hand(x), "vectorised");
  for (auto _ : state) benchmark::DoNotOptimize(tape_vectorised(x));
}

void BM_TapeElementwise(benchmark::State& state) {
  const auto values = inputs(state.range(0));
  const std::vector<tape::Variable> x(values.begin(), values.end());
  require_close(tape_elementwise(x), gradient_by_hand(values), "elementwise");
  for (auto _ : state) benchmark::DoNotOptimize(tape_elementwise(x));
  const auto ops = static_cast<double>(8 * (values.size() - 1));
  state.counters["ops"] = ops;
  // The recording, plus what the backward pass adds per entry: an 8-byte
  // adjoint and a reached flag.
  state.counters["bytes_per_op"] =
      (static_cast<double>(last_footprint.bytes) + 9.0 * static_cast<double>(last_footprint.entries)) / ops;
}

// The same with a diagnostics sink listening: the bookkeeping that explains
// misuse runs on every operation.
void BM_TapeElementwiseDiagnostics(benchmark::State& state) {
  tape::diagnostics::Capture listening;
  BM_TapeElementwise(state);
}

void BM_ScalarElementwise(benchmark::State& state) {
  const auto values = inputs(state.range(0));
  require_close(scalar_elementwise(values), gradient_by_hand(values), "Scalar");
  for (auto _ : state) benchmark::DoNotOptimize(scalar_elementwise(values));
  const auto ops = static_cast<double>(8 * (values.size() - 1));
  // The recording, plus the backward pass's 8-byte adjoint per entry.
  state.counters["bytes_per_op"] = (static_cast<double>(last_scalar_footprint.bytes) +
                                    8.0 * static_cast<double>(last_scalar_footprint.entries)) /
                                   ops;
}

void BM_ScalarElementwiseDiagnostics(benchmark::State& state) {
  tape::diagnostics::Capture listening;
  BM_ScalarElementwise(state);
}

void BM_TapeCoreOnly(benchmark::State& state) {
  const auto x = inputs(state.range(0));
  require_close(tape_core_only(x), gradient_by_hand(x), "tape core only");
  for (auto _ : state) benchmark::DoNotOptimize(tape_core_only(x));
}

#ifdef TAPE_BENCH_WITH_ADOLC
std::vector<double> adolc_elementwise(const std::vector<double>& values) {
  const int n = static_cast<int>(values.size());
  trace_on(1);
  std::vector<adouble> x(values.size());
  for (int i = 0; i < n; ++i) x[i] <<= values[i];
  adouble f = 0.0;
  for (int i = 0; i + 1 < n; ++i) f += sin(x[i]) * x[i + 1] + 0.5 * exp(-x[i] * x[i]);
  double out;
  f >>= out;
  trace_off();
  std::vector<double> g(values.size());
  gradient(1, n, values.data(), g.data());
  return g;
}

void BM_AdolcElementwise(benchmark::State& state) {
  const auto x = inputs(state.range(0));
  require_close(adolc_elementwise(x), gradient_by_hand(x), "ADOL-C");
  for (auto _ : state) benchmark::DoNotOptimize(adolc_elementwise(x));
}
BENCHMARK(BM_AdolcElementwise)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
#endif

BENCHMARK(BM_PlainLoop)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HandGradient)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TapeVectorised)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TapeElementwise)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TapeElementwiseDiagnostics)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScalarElementwise)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScalarElementwiseDiagnostics)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TapeCoreOnly)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
