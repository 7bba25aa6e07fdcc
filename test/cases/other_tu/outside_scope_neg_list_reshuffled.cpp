#include <tape/tape.hpp>
tape::Tensor opaque(const tape::Tensor&) { return tape::Tensor(5.0); }
