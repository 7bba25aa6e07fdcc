#!/usr/bin/env bash
# CMAKE_CXX_CLANG_TIDY pointing at tape-tidy shows tape-* findings during an
# ordinary build, and --warnings-as-errors makes them stop it.
#   check.sh <tape-tidy> <runtime include dir>
set -euo pipefail
tidy=$1
include=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$here/project" -B "$work/warn" -G Ninja -DTAPE_INCLUDE_DIR="$include" \
  "-DCMAKE_CXX_CLANG_TIDY=$tidy;--checks=-*,tape-*" >/dev/null
out=$(cmake --build "$work/warn" 2>&1) || { echo "FAILED: the build failed: $out"; exit 1; }
grep -q "train.cpp:11:.*\[tape-nonpersistent-reuse\]" <<<"$out" ||
  { echo "FAILED: no finding during the build: $out"; exit 1; }

cmake -S "$here/project" -B "$work/error" -G Ninja -DTAPE_INCLUDE_DIR="$include" \
  "-DCMAKE_CXX_CLANG_TIDY=$tidy;--checks=-*,tape-*;--warnings-as-errors=tape-*" >/dev/null
if cmake --build "$work/error" >/dev/null 2>&1; then
  echo "FAILED: --warnings-as-errors did not stop the build"; exit 1
fi
echo "cmake clang-tidy ok"
