#!/usr/bin/env bash
# Installs, with apt, whatever tapecheck needs that is missing. Idempotent:
# when every package is present it changes nothing and needs no network.
set -euo pipefail

packages=(
  cmake ninja-build ccache
  llvm-19-dev libclang-19-dev clang-19 clang-tidy-19 llvm-19-tools
  libclang-rt-19-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libadolc-dev googletest
  python3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
