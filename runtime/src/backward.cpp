#include "backward.hpp"

#include <cmath>
#include <utility>

#include "internal_ops.hpp"
#include "kernels.hpp"
#include "tape/ops.hpp"
#include "tensor_access.hpp"
#include "thread_state.hpp"

namespace tape::detail {

namespace {

// The elementary functions the gradient rules need, for plain numbers and for
// tensors alike, so that every rule is written once.
double cos_of(double x) { return std::cos(x); }
double sin_of(double x) { return std::sin(x); }
double pow_of(double x, double p) { return std::pow(x, p); }
double step_of(double x) { return x > 0 ? 1.0 : 0.0; }
Tensor cos_of(const Tensor& x) { return tape::cos(x); }
Tensor sin_of(const Tensor& x) { return tape::sin(x); }
Tensor pow_of(const Tensor& x, double p) { return tape::pow(x, p); }
Tensor step_of(const Tensor& x) {
  return cast(greater(x, TensorAccess::scalar(0.0, x.dtype())), x.dtype());
}

template <class V>
struct Pair {
  V first, second;
};

// d/da and d/db of an elementwise operation y = op(a, b), given the output's
// adjoint g; only the wanted ones are computed (an input that is a constant
// needs none). For a unary operation `b` is unused and `p` is its parameter
// (pow's exponent); `y` is read only where rule_reads_output(op).
template <class V>
Pair<V> elementwise_rule(Op op, const V& g, const V& a, const V& b, const V& y, double p,
                         bool want_a, bool want_b) {
  auto either = [](bool want, auto&& f) { return want ? V(f()) : V{}; };
  switch (op) {
    case Op::add: return {either(want_a, [&] { return g; }), either(want_b, [&] { return g; })};
    case Op::sub: return {either(want_a, [&] { return g; }), either(want_b, [&] { return -g; })};
    case Op::mul:
      return {either(want_a, [&] { return g * b; }), either(want_b, [&] { return g * a; })};
    case Op::div:
      return {either(want_a, [&] { return g / b; }),
              either(want_b, [&] { return -(g * a) / (b * b); })};
    case Op::neg: return {-g, {}};
    case Op::sin: return {g * cos_of(a), {}};
    case Op::cos: return {-(g * sin_of(a)), {}};
    case Op::exp: return {g * y, {}};
    case Op::log: return {g / a, {}};
    case Op::tanh: return {g * (1.0 - y * y), {}};
    case Op::sqrt: return {g * 0.5 / y, {}};
    case Op::square: return {g * (a * 2.0), {}};
    case Op::pow: return {g * (pow_of(a, p - 1.0) * p), {}};
    case Op::relu: return {g * step_of(a), {}};
    case Op::sigmoid: return {g * (y * (1.0 - y)), {}};
    default: return {{}, {}};
  }
}

// y = op(a) again, as recorded tensor operations: a tape recording the
// backward pass must see y's dependence on a.
Tensor output_again(Op op, const Tensor& a) {
  switch (op) {
    case Op::exp: return tape::exp(a);
    case Op::tanh: return tape::tanh(a);
    case Op::sigmoid: return tape::sigmoid(a);
    case Op::sqrt: return tape::sqrt(a);
    default: return {};
  }
}

// The rule for an entry that kept its input tensors. A recorded pass
// computes the output again, so that a tape sees its dependence on a.
Pair<Tensor> rich_rule(const Step& e, const RichEntry& r, const Tensor& g, bool recorded) {
  const Tensor& a = r.a;
  switch (e.op) {
    case Op::matmul: return {matmul(g, transpose(r.b)), matmul(transpose(a), g)};
    case Op::transpose: return {transpose(g), {}};
    case Op::sum: return {broadcast_to(g, a.shape()), {}};
    case Op::mean: return {broadcast_to(g / static_cast<double>(a.size()), a.shape()), {}};
    case Op::reshape: return {reshape(g, a.shape()), {}};
    case Op::slice: return {pad_rows(g, a.shape()[0], r.params.begin), {}};
    case Op::pad_rows:
      return {slice(g, r.params.begin, r.params.begin + a.shape()[0]), {}};
    case Op::cast: return {cast(g, a.dtype()), {}};
    case Op::broadcast_to: return {sum_to(g, a.shape()), {}};
    case Op::sum_to: return {broadcast_to(g, a.shape()), {}};
    default: {
      Pair<Tensor> d = elementwise_rule<Tensor>(e.op, g, a, is_unary(e.op) ? Tensor{} : r.b,
                                                recorded ? output_again(e.op, a) : r.y,
                                                r.params.p,
                                                e.in0 != no_node, e.in1 != no_node);
      if (d.first.defined()) d.first = sum_to(d.first, a.shape());
      if (d.second.defined()) d.second = sum_to(d.second, r.b.shape());
      return d;
    }
  }
}

Tensor accumulate(const Tensor& have, const Tensor& more) {
  return have.defined() ? have + more : more;
}

// Every adjoint a tensor: the operations run through the public API, so
// tapes recording on this thread record the backward pass too.
std::vector<std::optional<Tensor>> backward_recorded(const TapeCore& tape,
                                                     std::uint32_t target_node,
                                                     const Tensor& target,
                                                     const std::vector<std::uint32_t>& sources) {
  std::vector<Tensor> adj(target_node + 1);
  adj[target_node] = ones(target.shape(), target.dtype());
  // A tape recording this pass may be this one: the walk reads only the
  // entries that were there when it began, and copies what it keeps.
  for (Recording::Backward entries(tape.entries, target_node); !entries.done();) {
    const Step e = entries.next();
    const std::uint32_t i = e.node;
    if (!adj[i].defined() || e.op == Op::leaf) continue;
    Pair<Tensor> d;
    if (e.rich != no_node) {
      const RichEntry r = tape.rich[e.rich];
      d = rich_rule(e, r, adj[i], true);
    } else {
      // A saved value stands for its node on this tape: when this tape
      // records the pass itself (a persistent tape's gradient in its own
      // scope), the rule's use of it is recorded against that node.
      auto saved = [&](double v, std::uint32_t node) {
        Tensor t = TensorAccess::scalar(v, e.dtype);
        if (node != no_node) TensorAccess::add_link(t, {tape.serial, node});
        return t;
      };
      d = elementwise_rule<Tensor>(e.op, adj[i], saved(e.a, e.in0),
                                   is_unary(e.op) ? Tensor{} : saved(e.b, e.in1), saved(e.y, i),
                                   e.b, e.in0 != no_node, e.in1 != no_node);
    }
    if (e.in0 != no_node && d.first.defined()) adj[e.in0] = accumulate(adj[e.in0], d.first);
    if (e.in1 != no_node && d.second.defined()) adj[e.in1] = accumulate(adj[e.in1], d.second);
  }
  std::vector<std::optional<Tensor>> out;
  out.reserve(sources.size());
  for (std::uint32_t s : sources)
    if (s <= target_node && adj[s].defined())
      out.emplace_back(adj[s]);
    else
      out.emplace_back();
  return out;
}

// Scalar entries on plain doubles, the rest on tensors nobody records.
std::vector<std::optional<Tensor>> backward_plain(const TapeCore& tape, std::uint32_t target_node,
                                                  const Tensor& target,
                                                  const std::vector<std::uint32_t>& sources) {
  // Reused across gradients on this thread: no fresh pages per call.
  thread_local std::vector<double> scalar_adj;
  thread_local std::vector<unsigned char> reached;
  scalar_adj.assign(target_node + 1, 0.0);
  reached.assign(target_node + 1, 0);
  double* const adj = scalar_adj.data();
  unsigned char* const hit = reached.data();
  const Recording& entries = tape.entries;
  // A rich node's adjoint has two parts: the tensors rich rules add, in
  // rich_adj, and the numbers scalar rules add, in adj like any node's.
  std::vector<Tensor> rich_adj(tape.rich.size());
  auto add_value = [adj, hit](std::uint32_t node, double v) {
    hit[node] = 1;
    adj[node] += v;
  };
  auto add_tensor = [&](std::uint32_t node, const Tensor& t) {
    hit[node] = 1;
    if (!entries.is_rich(node)) {
      adj[node] += TensorAccess::values(t)[0];
      return;
    }
    Tensor& adj = rich_adj[entries.rich_index(node)];
    adj = accumulate(adj, t);
  };
  auto rich_adjoint = [&](std::uint32_t node, std::uint32_t rich) {
    const Tensor& t = rich_adj[rich];
    const double v = adj[node];
    if (t.defined() && v == 0.0) return t;
    const DType d = entries.dtype(node);
    return accumulate(t, TensorAccess::scalar(round_to(d, v), d));
  };
  add_tensor(target_node, ones(target.shape(), target.dtype()));
  auto scalar_step = [&]<Op op>(const Step& e) {
    if (op == Op::leaf || !hit[e.node]) return;
    const Pair<double> d = elementwise_rule<double>(op, adj[e.node], e.a, e.b, e.y, e.b,
                                                    e.in0 != no_node, e.in1 != no_node);
    if (e.in0 != no_node) add_value(e.in0, d.first);
    if (e.in1 != no_node) add_value(e.in1, d.second);
  };
  auto rich_step = [&](const Step& e) {
    if (!hit[e.node] || e.op == Op::leaf) return;
    const Pair<Tensor> d = rich_rule(e, tape.rich[e.rich], rich_adjoint(e.node, e.rich), false);
    if (e.in0 != no_node && d.first.defined()) add_tensor(e.in0, d.first);
    if (e.in1 != no_node && d.second.defined()) add_tensor(e.in1, d.second);
  };
  for (Recording::Backward walk(entries, target_node); !walk.done();)
    walk.visit_next(scalar_step, rich_step);
  std::vector<std::optional<Tensor>> out;
  out.reserve(sources.size());
  for (std::uint32_t s : sources) {
    if (s > target_node || !hit[s]) {
      out.emplace_back();
      continue;
    }
    if (entries.is_rich(s)) {
      out.emplace_back(rich_adjoint(s, entries.rich_index(s)));
      continue;
    }
    const DType d = entries.dtype(s);
    TensorAccess::emplace_scalar(out.emplace_back(), round_to(d, adj[s]), d);
  }
  return out;
}

}  // namespace

std::vector<std::optional<Tensor>> backward(const TapeCore& tape, std::uint32_t target_node,
                                            const Tensor& target,
                                            const std::vector<std::uint32_t>& source_nodes) {
  QuietGuard quiet;
  if (thread_state().recording().empty())
    return backward_plain(tape, target_node, target, source_nodes);
  return backward_recorded(tape, target_node, target, source_nodes);
}

}  // namespace tape::detail
