// Reliability input: tapes used generically. Dependent member calls in
// templates that are never instantiated, templates instantiated with a tape
// and with unrelated types, variadic templates, CRTP, concepts, generic
// lambdas, tape types as template arguments and default arguments.
// Where an instantiation makes the misuse certain, it is marked.
#include <tape/tape.hpp>

#include <concepts>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

// Never instantiated: every call on `t` is a dependent member call.
template <class Tape, class T>
auto uninstantiated(Tape& t, const T& x) {
  auto scope = t.record();
  auto y = x * x;
  auto g1 = t.gradient(y, x);
  auto g2 = t.gradient(y, x);
  t.release();
  return t.gradient(g1, g2);
}

// Instantiated with a non-persistent tape made right here: the second call is
// certain to be a reuse.
template <class Tape>
bool local_tape_twice(const tape::Variable& x) {
  Tape t;
  tape::Tensor y;
  {
    auto scope = t.record();
    y = x * x;
  }
  auto g1 = t.gradient(y, x);
  try {
    auto g2 = t.gradient(y, x);  // expect: tape-nonpersistent-reuse
    return g1.has_value() && g2.has_value();
  } catch (const tape::TapeReuseError&) {
    return g1.has_value();
  }
}

// The same shape, instantiated with a type that only looks like a tape.
struct FakeTape {
  struct Scope {};
  Scope record() { return {}; }
  std::optional<tape::Tensor> gradient(const tape::Tensor& y, const tape::Tensor&) { return y; }
  void release() {}
};

// Takes whatever records and differentiates; persistence is not known here.
template <class Tape, class... Sources>
auto gradients_of(Tape& t, const tape::Tensor& y, const Sources&... xs) {
  return std::make_tuple(t.gradient(y, xs)...);
}

template <class Tape>
concept Recording = requires(Tape& t, const tape::Tensor& y) {
  t.record();
  { t.gradient(y, y) } -> std::same_as<std::optional<tape::Tensor>>;
};

template <Recording Tape>
std::optional<tape::Tensor> constrained(Tape& t, const tape::Variable& x) {
  tape::Tensor y;
  {
    auto scope = t.record();
    y = x * x + x;
  }
  return t.gradient(y, x);
}

// CRTP around a tape member.
template <class Derived>
struct Trainer {
  tape::GradientTape tape{{.persistent = true}};
  std::optional<tape::Tensor> step(const tape::Variable& x) {
    tape::Tensor y;
    {
      auto scope = tape.record();
      y = static_cast<Derived*>(this)->loss(x);
    }
    return tape.gradient(y, x);
  }
  ~Trainer() { tape.release(); }
};

struct Quadratic : Trainer<Quadratic> {
  tape::Tensor loss(const tape::Tensor& x) { return x * x; }
};

// A tape type as a default template argument, and a non-type parameter
// choosing persistence at compile time.
template <bool Persistent, class Tape = tape::GradientTape>
std::optional<tape::Tensor> with_options(const tape::Variable& x) {
  Tape t({.persistent = Persistent});
  tape::Tensor y;
  {
    auto scope = t.record();
    y = x * x;
  }
  auto g = t.gradient(y, x);
  if constexpr (Persistent) t.release();
  return g;
}

// Recursive template instantiation, one tape per level.
template <int N>
double nested(const tape::Variable& x) {
  if constexpr (N == 0) {
    return 0.0;
  } else {
    tape::GradientTape t;
    tape::Tensor y;
    {
      auto scope = t.record();
      y = x * x;
    }
    auto g = t.gradient(y, x);
    return (g ? g->item() : 0.0) + nested<N - 1>(x);
  }
}

int main() {
  tape::Variable x(3.0);
  bool ok = local_tape_twice<tape::GradientTape>(x);
  ok = local_tape_twice<FakeTape>(x) && ok;

  tape::GradientTape p({.persistent = true});
  tape::Tensor y;
  {
    auto scope = p.record();
    y = x * x;
  }
  auto [a, b] = gradients_of(p, y, x, x);
  auto c = constrained(p, x);
  p.release();

  auto generic = [](auto& t, const auto& src) {
    decltype(t.gradient(src, src)) out;
    {
      auto scope = t.record();
      out = src * src;
    }
    return t.gradient(*out, src);
  };
  tape::GradientTape q;
  auto d = generic(q, x);
  FakeTape fake;
  auto e = generic(fake, x);

  Quadratic quad;
  auto f = quad.step(x);
  auto g = with_options<true>(x);
  auto h = with_options<false>(x);
  double n = nested<8>(x);
  return ok && a && b && c && d && e && f && g && h && n > 0 ? 0 : 1;
}
