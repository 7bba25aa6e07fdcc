// Reliability input: no runtime header. This file declares its own
// namespace `tape` with classes of the runtime's names but other shapes:
// gradient() with no arguments, as a static function, as a data member
// holding a function pointer, as a template, with a variadic signature;
// record() returning void; Variable as an alias of int. The checks find the
// runtime by its names; they must not assume its signatures (argument
// counts, return types) and crash on these. Findings are not asserted.
// reliability: findings-unchecked
namespace tape {

struct Tensor {
  double v = 0;
  Tensor operator*(const Tensor& o) const { return {v * o.v}; }
};
using Variable = int;

struct RecordingScope {};

class GradientTape {
 public:
  GradientTape() = default;
  GradientTape(int, int, int) {}
  void record() {}
  static int gradient() { return 0; }
  template <class... T>
  int gradient(T&&...) { return 1; }
  int (*release)(int) = nullptr;
  void watch() {}
  bool persistent = false;
};

int argmax(...) { return 0; }
Tensor round(Tensor t) { return t; }

}  // namespace tape

namespace other {
struct GradientTape {
  int gradient(int, int) { return 0; }
  void release() {}
};
}  // namespace other

int main() {
  tape::GradientTape t;
  tape::GradientTape u(1, 2, 3);
  t.record();
  int a = t.gradient();
  int b = t.gradient(1, 2, 3, 4);
  int c = tape::GradientTape::gradient();
  int d = t.gradient(t, u, a, b);
  t.watch();
  if (t.release) t.release(1);
  tape::Variable x = 2;
  tape::Tensor y{1.0};
  y = y * y;
  int e = t.gradient(y, x);
  int f = t.gradient(y, x);
  int g = tape::argmax(y, x, 1.0);
  tape::Tensor r = tape::round(y);
  other::GradientTape o;
  o.gradient(1, 2);
  o.gradient(1, 2);
  o.release();
  o.gradient(1, 2);
  return a + b + c + d + e + f + g + static_cast<int>(r.v) + x + t.persistent;
}
