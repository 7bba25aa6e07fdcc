// Reliability input: tapes as class members (plain, persistent, static,
// arrays, containers, smart pointers, members of members, anonymous unions,
// bit-field neighbours), used from member functions, constructors,
// destructors and operators. Member tapes escape the function that uses them,
// so their lifecycle is not something a function-local analysis can decide:
// nothing here may be flagged, and nothing may crash.
#include <tape/tape.hpp>

#include <array>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

class Model {
 public:
  explicit Model(bool persistent) : tape_({.persistent = persistent}) {}
  ~Model() {
    if (tape_.persistent()) tape_.release();
  }

  std::optional<tape::Tensor> step(const tape::Variable& x) {
    tape::Tensor y;
    {
      auto scope = tape_.record();
      y = x * x;
    }
    return tape_.gradient(y, x);
  }
  std::optional<tape::Tensor> operator()(const tape::Variable& x) { return step(x); }

 private:
  tape::GradientTape tape_;
  unsigned flags_ : 3 = 0;
  unsigned more_ : 5 = 0;
};

struct Holder {
  Model model{true};
  struct Inner {
    tape::GradientTape tape{{.persistent = true}};
    ~Inner() { tape.release(); }
  } inner;
  std::array<tape::GradientTape, 3> tapes;
  std::vector<tape::GradientTape> more;
  std::unique_ptr<tape::GradientTape> owned = std::make_unique<tape::GradientTape>();
  std::map<std::string, tape::GradientTape> named;
  static inline tape::GradientTape shared{};
  tape::GradientTape* borrowed = nullptr;
  tape::GradientTape& ref;
  explicit Holder(tape::GradientTape& r) : ref(r) {}
};

struct WithUnion {
  union {
    tape::GradientTape tape;
    int nothing;
  };
  bool engaged = false;
  WithUnion() : nothing(0) {}
  void engage() {
    new (&tape) tape::GradientTape();
    engaged = true;
  }
  ~WithUnion() {
    if (engaged) tape.~GradientTape();
  }
};

int main() {
  tape::Variable x(3.0);
  Model m(false);
  auto g1 = m(x);
  Model p(true);
  auto g2 = p.step(x);
  auto g3 = p.step(x);

  tape::GradientTape outer;
  Holder h(outer);
  tape::Tensor y;
  {
    auto s1 = h.inner.tape.record();
    auto s2 = h.tapes[1].record();
    auto s3 = h.owned->record();
    auto s4 = Holder::shared.record();
    auto s5 = h.ref.record();
    y = x * x;
  }
  auto a = h.inner.tape.gradient(y, x);
  auto b = h.inner.tape.gradient(y, x);
  auto c = h.tapes[1].gradient(y, x);
  auto d = h.owned->gradient(y, x);
  auto e = Holder::shared.gradient(y, x);
  auto f = h.ref.gradient(y, x);
  h.more.emplace_back();
  h.named.try_emplace("main");
  h.borrowed = &h.named.at("main");
  {
    auto s = h.borrowed->record();
    y = x * x * x;
  }
  auto i = h.borrowed->gradient(y, x);

  WithUnion u;
  u.engage();
  {
    auto s = u.tape.record();
    y = x + x;
  }
  auto j = u.tape.gradient(y, x);
  return g1 && g2 && g3 && a && b && c && d && e && f && i && j ? 0 : 1;
}
