// Companion translation unit of raw_mixing_pos_opaque_term.cpp: linked into
// the case's program, never seen by the static half.
#include <tape/tape.hpp>

tape::Tensor bce(const tape::Tensor& p, const tape::Tensor& y) {
  return -(y * tape::log(p) + (1.0 - y) * tape::log(1.0 - p));
}
