// Reliability input: code that does not compile, around and inside tape code.
// Clang recovers (RecoveryExpr, invalid declarations, dependent-looking
// types); the checks see whatever AST is left and must not crash on it.
// reliability: compile-errors
// reliability: findings-unchecked
#include <tape/tape.hpp>

#include <vector>

struct Incomplete;

tape::Tensor undeclared_callee(const tape::Variable& x) {
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = no_such_function(x) * x;
  }
  return *tape.gradient(y, x);
}

void wrong_arity(const tape::Variable& x) {
  tape::GradientTape tape;
  auto scope = tape.record();
  auto y = x * x;
  auto g1 = tape.gradient(y);
  auto g2 = tape.gradient(y, x, x, x, x);
  auto g3 = tape.gradient();
}

void wrong_types(tape::Variable x) {
  tape::GradientTape tape({.persistent = "yes"});
  tape::GradientTape other({.no_such_option = true});
  auto scope = tape.record(42);
  tape.watch(3);
  auto y = x * "text";
  auto g = tape.gradient(y, Incomplete{});
  tape.release(1);
  tape.relese();
}

void broken_statements(tape::Variable x) {
  tape::GradientTape tape;
  {
    auto scope = tape.record()
    auto y = x * x
  }
  auto g = tape.gradient(y, x);
  auto h = tape.gradient(y, x);
  if (g) { return g; }
}

template <class T>
auto broken_template(T& t, const tape::Variable& x) {
  auto scope = t.record();
  auto y = x * x;
  return t.gradient(y, x) + undeclared;
}

void instantiate_broken(const tape::Variable& x) {
  tape::GradientTape tape;
  broken_template(tape, x);
  broken_template<int>(1, x);
}

class Half {
  tape::GradientTape tape_;
  Undeclared member_;
 public:
  void step(const tape::Variable& x) {
    auto scope = tape_.record();
    auto y = x * member_;
    tape_.gradient(y, x);
    tape_.gradient(y, x);
  }
};

auto lambda_errors = [](tape::GradientTape& t, tape::Variable x) {
  auto y = x * x;
  return t.gradient(y, x, unknown_arg);
};

void goto_into_scope(tape::Variable x) {
  tape::GradientTape tape;
  goto inside;
  {
    auto scope = tape.record();
  inside:
    auto y = x * x;
  }
  tape.gradient(x, x);
}

int main() {
  tape::Variable x(2.0);
  undeclared_callee(x);
  wrong_arity(x);
  return missing_semicolon
}
