// tape-op-outside-scope, negative: the fields of a plain struct are swapped
// before one is used; the analysis cannot tell which is which then, and
// stays silent. At run time in.a is made in another file, a constant.
#include <tape/tape.hpp>
#include <utility>
tape::Tensor opaque(const tape::Tensor& x);  // defined in another file
struct Inputs { tape::Tensor a; tape::Tensor b; };
int main() {
  tape::Variable w(1.0);
  Inputs in{w * 3.0, opaque(w)};
  std::swap(in.a, in.b);
  tape::GradientTape tape;
  tape::Tensor loss;
  {
    auto scope = tape.record();
    loss = in.a * w;
  }
  auto g = tape.gradient(loss, w);
  return g ? 0 : 1;
}
