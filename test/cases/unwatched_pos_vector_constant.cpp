// tape-unwatched-source, positive: constants made from a std::vector<double>
// (direct and copy initialisation) need tape.watch() like any other.
#include <tape/tape.hpp>

#include <vector>

using tape::GradientTape;
using tape::Tensor;

int main() {
  std::vector<double> v{1, 2};
  int found = 0;
  {
    GradientTape tape;
    Tensor c(v);
    Tensor z;
    {
      auto scope = tape.record();
      z = tape::sum(c * c);
    }
    auto g = tape.gradient(z, c);  // expect: tape-unwatched-source
    found += g.has_value() ? 0 : 1;
  }
  {
    GradientTape tape;
    Tensor d = v;
    Tensor z;
    {
      auto scope = tape.record();
      z = tape::sum(d * 3.0);
    }
    auto g = tape.gradient(z, d);  // expect: tape-unwatched-source
    found += g.has_value() ? 0 : 1;
  }
  return found == 2 ? 0 : 1;
}
