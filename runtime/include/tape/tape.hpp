// The tape autodiff runtime: one umbrella header for the whole public API.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tape/check_names.hpp"
#include "tape/diagnostics.hpp"
#include "tape/dtype.hpp"
#include "tape/error.hpp"
#include "tape/gradient_tape.hpp"
#include "tape/ops.hpp"
#include "tape/scalar.hpp"
#include "tape/tensor.hpp"
#include "tape/variable.hpp"
