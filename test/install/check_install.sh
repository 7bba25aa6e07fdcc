#!/usr/bin/env bash
# Installs the build tree into a fresh prefix and builds a consumer against it
# twice: with find_package(tape), and with nothing but a compiler line.
set -euo pipefail
build_dir=$1
source_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build_dir" --prefix "$prefix" >/dev/null
for f in include/tape/tape.hpp lib/libtape.a lib/cmake/tape/tapeConfig.cmake; do
  [ -e "$prefix/$f" ] || { echo "missing $prefix/$f"; exit 1; }
done
for tool in tape-tidy tape-confirm; do
  if [ -e "$build_dir/tool/$tool" ] && [ ! -x "$prefix/bin/$tool" ]; then
    echo "missing $prefix/bin/$tool"; exit 1
  fi
done

cmake -S "$source_dir/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
"$work/consumer/consumer"

c++ -std=c++20 -I"$prefix/include" "$source_dir/consumer/main.cpp" "$prefix/lib/libtape.a" -o "$work/plain"
"$work/plain"
