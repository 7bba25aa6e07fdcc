#!/usr/bin/env bash
# tape-tidy is clang-tidy's own driver: its features work unchanged with the
# tape-* checks. Each step fails the test with a message naming the feature.
#   driver_features.sh <tape-tidy> <runtime include dir>
set -euo pipefail
tidy=$1
include=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

cat >"$work/reuse.cpp" <<'CPP'
#include <tape/tape.hpp>
int main() {
  tape::Variable x(3.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto first = tape.gradient(y, x);
  auto second = tape.gradient(y, x);
  return first && second ? 0 : 1;
}
CPP
cat >"$work/leak.cpp" <<'CPP'
#include <tape/tape.hpp>
void step(tape::Variable& x) {
  tape::GradientTape tape({.persistent = true});
  tape::Tensor y;
  {
    auto scope = tape.record();
    y = x * x;
  }
  auto g = tape.gradient(y, x);
  if (g) x.assign_sub(*g * 0.1);
}
CPP
cat >"$work/compile_commands.json" <<JSON
[
 {"directory": "$work", "file": "$work/reuse.cpp", "arguments": ["c++", "-std=c++20", "-I$include", "-c", "reuse.cpp"]},
 {"directory": "$work", "file": "$work/leak.cpp", "arguments": ["c++", "-std=c++20", "-I$include", "-c", "leak.cpp"]}
]
JSON

# -p with a compilation database, and a .clang-tidy file choosing the checks.
printf "Checks: '-*,tape-*'\n" >"$work/.clang-tidy"
out=$("$tidy" -p "$work" "$work/reuse.cpp" 2>&1) || true
grep -q "reuse.cpp:11:.*\[tape-nonpersistent-reuse\]" <<<"$out" || fail "-p and .clang-tidy: $out"
printf "Checks: '-*,tape-use-after-release'\n" >"$work/.clang-tidy"
out=$("$tidy" -p "$work" "$work/reuse.cpp" 2>&1) || true
! grep -q "tape-nonpersistent-reuse" <<<"$out" || fail ".clang-tidy did not disable the check: $out"
printf "Checks: '-*,tape-*'\n" >"$work/.clang-tidy"

# --export-fixes writes clang-tidy's YAML.
"$tidy" -p "$work" "$work/reuse.cpp" --export-fixes="$work/fixes.yaml" >/dev/null 2>&1 || true
grep -q "DiagnosticName: *tape-nonpersistent-reuse" "$work/fixes.yaml" || fail "--export-fixes"

# --warnings-as-errors turns a finding into a failing exit status.
if "$tidy" -p "$work" "$work/reuse.cpp" --warnings-as-errors='tape-*' >/dev/null 2>&1; then
  fail "--warnings-as-errors did not fail"
fi
"$tidy" -p "$work" "$work/reuse.cpp" >/dev/null 2>&1 || fail "a warning alone should not fail"

# --fix applies the fix-it (release() after the last use).
"$tidy" -p "$work" "$work/leak.cpp" --fix >/dev/null 2>&1 || true
grep -q "tape.release();" "$work/leak.cpp" || fail "--fix did not insert tape.release()"
out=$("$tidy" -p "$work" "$work/leak.cpp" 2>&1) || true
! grep -q "tape-persistent-not-released" <<<"$out" || fail "still flagged after --fix: $out"

# NOLINT on the finding's line silences it.
sed -i 's|auto second = tape.gradient(y, x);|auto second = tape.gradient(y, x);  // NOLINT(tape-nonpersistent-reuse)|' "$work/reuse.cpp"
out=$("$tidy" -p "$work" "$work/reuse.cpp" 2>&1) || true
! grep -q "tape-nonpersistent-reuse" <<<"$out" || fail "NOLINT: $out"
sed -i 's|  // NOLINT(tape-nonpersistent-reuse)||' "$work/reuse.cpp"

# run-clang-tidy-19 drives tape-tidy over the whole database.
if command -v run-clang-tidy-19 >/dev/null; then
  out=$(cd "$work" && run-clang-tidy-19 -clang-tidy-binary "$tidy" -p "$work" -checks='-*,tape-*' 2>&1) || true
  grep -q "reuse.cpp:11:.*\[tape-nonpersistent-reuse\]" <<<"$out" || fail "run-clang-tidy-19: $out"
fi
echo "driver features ok"
