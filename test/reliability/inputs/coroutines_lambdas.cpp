// Reliability input: C++20 coroutines (generator and task types written here)
// and lambdas of every shape, with tapes living across suspension points,
// captured by reference, moved into init-captures, passed to recursive and
// immediately invoked lambdas, stored in std::function. The analysis does not
// model coroutine suspension nor every lambda shape; where it cannot be sure,
// it must stay silent. The two marked lines are certain misuses.
#include <tape/tape.hpp>

#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

template <class T>
struct Generator {
  struct promise_type {
    std::optional<T> current;
    Generator get_return_object() {
      return Generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T value) {
      current = std::move(value);
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit Generator(std::coroutine_handle<promise_type> h) : handle(h) {}
  Generator(Generator&& other) noexcept : handle(std::exchange(other.handle, {})) {}
  ~Generator() {
    if (handle) handle.destroy();
  }
  std::optional<T> next() {
    if (!handle || handle.done()) return std::nullopt;
    handle.resume();
    if (handle.done()) return std::nullopt;
    return std::move(handle.promise().current);
  }
  std::coroutine_handle<promise_type> handle;
};

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() { std::terminate(); }
  };
};

struct Ready {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  double await_resume() const noexcept { return 2.0; }
};

// A persistent tape that lives across every co_yield, released at the end.
Generator<tape::Tensor> gradients(const tape::Variable& x, int n) {
  tape::GradientTape t({.persistent = true});
  tape::Tensor y;
  {
    auto scope = t.record();
    y = x * x * x;
  }
  for (int i = 0; i < n; ++i) {
    auto g = t.gradient(y, x);
    if (g) co_yield *g;
  }
  t.release();
}

// A recording scope open across a suspension point.
Generator<double> scoped(const tape::Variable& x) {
  tape::GradientTape t;
  tape::Tensor y;
  {
    auto scope = t.record();
    co_yield 1.0;
    y = x * x;
    co_yield 2.0;
  }
  auto g = t.gradient(y, x);
  co_yield g ? g->item() : 0.0;
}

Task awaiting(const tape::Variable& x, int& out) {
  tape::GradientTape t;
  tape::Tensor y;
  {
    auto scope = t.record();
    double k = co_await Ready{};
    y = x * k;
  }
  auto g = t.gradient(y, x);
  out = g ? 1 : 0;
  co_return 0;
}

// A coroutine whose body is certain to reuse a non-persistent tape.
Generator<int> reuse_in_coroutine(const tape::Variable& x) {
  tape::GradientTape t;
  tape::Tensor y;
  {
    auto scope = t.record();
    y = x * x;
  }
  auto g1 = t.gradient(y, x);
  co_yield 1;
  int result = 0;
  try {
    auto g2 = t.gradient(y, x);  // expect: tape-nonpersistent-reuse
    result = g2 ? 2 : 0;
  } catch (const tape::TapeReuseError&) {
    result = g1 ? 3 : 0;
  }
  co_yield result;
}

int main() {
  tape::Variable x(3.0);
  int failures = 0;

  auto gen = gradients(x, 3);
  while (auto g = gen.next()) failures += g->item() == 27.0 ? 0 : 1;
  auto sc = scoped(x);
  while (auto v = sc.next()) (void)v;
  int awaited = 0;
  awaiting(x, awaited);
  auto reuse = reuse_in_coroutine(x);
  while (auto v = reuse.next()) (void)v;

  // Immediately invoked lambda owning its tape.
  auto direct = [&] {
    tape::GradientTape t;
    tape::Tensor y;
    {
      auto scope = t.record();
      y = x * x;
    }
    return t.gradient(y, x);
  }();

  // A tape moved into an init-capture of a mutable lambda, called twice.
  tape::GradientTape moved({.persistent = true});
  tape::Tensor y;
  {
    auto scope = moved.record();
    y = x * x;
  }
  auto owner = [t = std::move(moved), y, &x](bool last) mutable {
    auto g = t.gradient(y, x);
    if (last) t.release();
    return g;
  };
  auto o1 = owner(false);
  auto o2 = owner(true);

  // Captured by reference and stored in std::function.
  tape::GradientTape keep({.persistent = true});
  {
    auto scope = keep.record();
    y = x * x + x;
  }
  std::function<std::optional<tape::Tensor>()> later = [&keep, &y, &x] { return keep.gradient(y, x); };
  std::vector<std::function<std::optional<tape::Tensor>()>> queue(3, later);
  for (auto& f : queue) failures += f() ? 0 : 1;
  keep.release();

  // Recursive generic lambda, a fresh tape per level.
  auto recurse = [&x](auto& self, int depth) -> double {
    if (depth == 0) return 0.0;
    tape::GradientTape t;
    tape::Tensor z;
    {
      auto scope = t.record();
      z = x * x;
    }
    auto g = t.gradient(z, x);
    return (g ? g->item() : 0.0) + self(self, depth - 1);
  };
  double sum = recurse(recurse, 4);

  // A lambda in an unevaluated operand makes a tape whose persistence the
  // analysis does not see; then lambdas nested in lambdas.
  using Maker = decltype([] { return tape::GradientTape(); });
  tape::GradientTape made = Maker{}();
  {
    auto scope = made.record();
    y = x * x;
  }
  auto m1 = made.gradient(y, x);
  auto nested = [&] {
    return [&] {
      return [&] {
        tape::GradientTape t;
        tape::Tensor z;
        {
          auto scope = t.record();
          z = x * x;
        }
        auto g = t.gradient(z, x);
        try {
          auto again = t.gradient(z, x);  // expect: tape-nonpersistent-reuse
          return again.has_value();
        } catch (const tape::TapeReuseError&) {
          return g.has_value();
        }
      }();
    }();
  };
  bool deep = nested();

  return failures == 0 && awaited && direct && m1 && o1 && o2 && sum > 0 && deep ? 0 : 1;
}
