#!/usr/bin/env bash
# Installs what is missing, then configures and builds everything once into
# build/ (or $TAPE_BUILD_DIR). Extra arguments go to CMake's configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${TAPE_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Clang builds everything: the checks must match how Debian built clang-tidy.
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="${CXX:-clang++-19}" "$@"
cmake --build "$build_dir" -j "$(nproc)"
