// Reliability input: macros that expand to tape calls, whole tape
// lifecycles, token pasting, stringising, variadic and nested macros, and
// macros whose expansion splits a tape call across arguments. A finding from
// a macro is reported at the line that uses the macro.
#include <tape/tape.hpp>

#include <cstdio>

#define GRAD(t, y, x) (t).gradient(y, x)
#define GRAD_ANY(t, ...) (t).gradient(__VA_ARGS__)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define RECORDING(t) auto CAT(scope_, __LINE__) = (t).record()
#define STR(x) #x
#define TRACE(expr) (std::printf("%s\n", STR(expr)), (expr))
#define CALL(obj, method, ...) (obj).method(__VA_ARGS__)
#define TWICE(stmt) stmt; stmt
#define MAKE_TAPE(name, ...) tape::GradientTape name{__VA_ARGS__}
#define WITH_TAPE(name, body) \
  do {                        \
    MAKE_TAPE(name);          \
    body                      \
  } while (0)
#define DEFINE_STEP(fname)                                  \
  std::optional<tape::Tensor> fname(const tape::Variable& x) { \
    tape::GradientTape t;                                    \
    tape::Tensor y;                                          \
    {                                                        \
      RECORDING(t);                                          \
      y = x * x;                                             \
    }                                                        \
    return GRAD(t, y, x);                                    \
  }
#define EMPTY
#define IDENTITY(x) x
#define DEFER(m) m EMPTY
#define EXPAND(...) __VA_ARGS__

DEFINE_STEP(step_one)
DEFINE_STEP(step_two)

int main() {
  tape::Variable x(3.0);
  int failures = 0;

  MAKE_TAPE(tape);
  tape::Tensor y;
  {
    RECORDING(tape);
    y = TRACE(x * x);
  }
  auto g1 = GRAD(tape, y, x);
  try {
    auto g2 = GRAD_ANY(tape, y, x);  // expect: tape-nonpersistent-reuse
    failures += g2 ? 0 : 1;
  } catch (const tape::TapeReuseError&) {
  }

  MAKE_TAPE(keep, {.persistent = true});
  tape::Tensor z;
  {
    RECORDING(keep);
    z = IDENTITY(x) * IDENTITY(x * x);
  }
  auto h1 = CALL(keep, gradient, z, x);
  auto h2 = EXPAND(DEFER(GRAD)(keep, z, x));
  IDENTITY(keep.release());

  WITH_TAPE(local, {
    tape::Tensor w;
    {
      RECORDING(local);
      w = x + x;
    }
    auto gw = local.gradient(w, x);
    failures += gw ? 0 : 1;
  });

  auto s1 = step_one(x);
  auto s2 = step_two(x);
  int n = 0;
  TWICE(++n);
  return failures == 0 && g1 && h1 && h2 && s1 && s2 && n == 2 ? 0 : 1;
}
