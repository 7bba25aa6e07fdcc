// tape-unwatched-source, positive: the constants are made from a helper's
// parameters (a vector of numbers, a number). A tensor made from plain data
// is a new constant, whatever the data came from; it is not another name
// for the parameter.
#include <tape/tape.hpp>

#include <vector>

using tape::GradientTape;
using tape::Tensor;

static bool fit(const std::vector<double>& values, double scale) {
  GradientTape tape({.persistent = true});
  Tensor c(values);
  Tensor s = scale;
  Tensor z;
  {
    auto scope = tape.record();
    z = tape::sum(c * c) * s;
  }
  auto gc = tape.gradient(z, c);  // expect: tape-unwatched-source
  auto gs = tape.gradient(z, s);  // expect: tape-unwatched-source
  tape.release();
  return !gc.has_value() && !gs.has_value();
}

int main(int argc, char**) {
  std::vector<double> values(2, double(argc));
  return fit(values, 0.5) ? 0 : 1;
}
