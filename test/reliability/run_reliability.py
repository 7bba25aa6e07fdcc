#!/usr/bin/env python3
"""Reliability runs of tape-tidy: no crash, no hang, no runaway memory, and no
tape-* finding where there is no tape misuse.

  run_reliability.py third-party --tidy T --googletest-root /usr/src/googletest
      --llvm-include /usr/lib/llvm-19/include --extra-tu llvm_clang_headers.cpp
      [--jobs 2] [--timeout 120] [--memory-mb 4096]
    tape-tidy --checks=-*,tape-* over every source file of googletest and
    googlemock (their src/ folders) and the extra translation units. Each file
    must compile cleanly, exit 0 and give no tape-* finding.

  run_reliability.py input --tidy T --runtime-include runtime/include
      (--file inputs/x.cpp | --generate NAME --out-dir DIR)
    One hand-written (inputs/) or generated hard input. Its tape-* findings must
    equal its `// expect: tape-...` marks exactly (none: silence), unless it
    says `reliability: findings-unchecked`. Directives, anywhere in the file:
      reliability: compile-errors      the file does not compile (exit 1 is fine)
      reliability: findings-unchecked  only crashes, hangs and memory count
      reliability: args: ARGS...       the language arguments (default -std=c++20)

  run_reliability.py generate NAME OUT   writes one generated input (to debug it)
  run_reliability.py list-generated      the names of the generated inputs

Every run of tape-tidy has a wall-clock timeout and an address-space limit
(--memory-mb, 0 for none: sanitizer builds reserve huge address ranges), so a
hang or a blow-up fails the test quickly instead of taking the machine down.
A crash is a death by signal, an exit status other than 0 (or 1 for inputs
that do not compile), or LLVM's crash output ("Stack dump", "PLEASE submit a
bug report", "LLVM ERROR", a failed assertion).
"""

import argparse
import glob
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

CHECK_RE = re.compile(r"^tape-[a-z]+(?:-[a-z]+)*$")
MARK_RE = re.compile(r"//\s*expect:\s*(.*?)\s*$")
DIRECTIVE_RE = re.compile(r"reliability:\s*(compile-errors|findings-unchecked|args:(.*?))\s*(?:\*/)?\s*$")
DIAG_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<severity>warning|error|fatal error): (?P<message>.*?)(?: \[(?P<checks>[^\]]+)\])?$"
)
CRASH_MARKERS = (
    "Stack dump",
    "PLEASE submit a bug report",
    "LLVM ERROR",
    "Assertion `",
    "UNREACHABLE executed",
    "terminate called",
    "Segmentation fault",
    "AddressSanitizer",
    "runtime error:",
)


def usage_error(message):
    print(f"run_reliability: {message}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------
# Running tape-tidy, bounded in time and memory, up to `jobs` at a time.

class Run:
    def __init__(self, name, cmd, cwd=None):
        self.name = name
        self.cmd = cmd
        self.cwd = cwd
        self.status = None      # exit status, or -signal
        self.timed_out = False
        self.seconds = 0.0
        self.output = ""


def _limit_memory(megabytes):
    def apply():
        if megabytes > 0:
            limit = megabytes * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # No core files from a crashing tape-tidy in the build tree.
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def run_all(runs, jobs, timeout, memory_mb):
    """Runs every Run, at most `jobs` at once, each killed after `timeout` s.

    Single-threaded (Popen + polling), so the rlimit set between fork and exec
    is safe."""
    pending = list(runs)
    active = []  # (run, process, output file, start)
    while pending or active:
        while pending and len(active) < jobs:
            r = pending.pop(0)
            out = tempfile.TemporaryFile()
            start = time.monotonic()
            p = subprocess.Popen(r.cmd, cwd=r.cwd, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, preexec_fn=_limit_memory(memory_mb),
                                 start_new_session=True)
            active.append((r, p, out, start))
        time.sleep(0.05)
        still = []
        for r, p, out, start in active:
            status = p.poll()
            elapsed = time.monotonic() - start
            if status is None and elapsed > timeout:
                r.timed_out = True
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                status = p.wait()
            if status is None:
                still.append((r, p, out, start))
                continue
            r.status = status
            r.seconds = elapsed
            out.seek(0)
            r.output = out.read().decode("utf-8", errors="replace")
            out.close()
            print(f"  {r.seconds:6.1f} s  {r.name}", flush=True)
        active = still
    return runs


def crash_problems(r, allowed_statuses):
    """What says that this run crashed, hung or ran out of memory."""
    problems = []
    if r.timed_out:
        problems.append("hang: still running after the timeout, killed")
    elif r.status < 0:
        problems.append(f"crash: killed by signal {-r.status} ({signal.Signals(-r.status).name})")
    elif r.status not in allowed_statuses:
        problems.append(f"crash: exit status {r.status}")
    for marker in CRASH_MARKERS:
        if marker in r.output:
            problems.append(f"crash: the output contains '{marker}'")
    if "out of memory" in r.output or "std::bad_alloc" in r.output:
        problems.append("memory: ran out of memory (address-space limit)")
    return problems


def diagnostics(output):
    for text in output.splitlines():
        m = DIAG_RE.match(text)
        if m:
            checks = [c.strip() for c in (m.group("checks") or "").split(",") if c.strip()]
            yield m, checks, text


def same_file(reported, path):
    if os.path.isabs(reported):
        return os.path.realpath(reported) == os.path.realpath(path)
    norm = os.path.normpath(reported)
    base = os.path.basename(path)
    return norm == base or norm.endswith(os.sep + base)


def tidy_command(tidy, path, args):
    return [tidy, "--checks=-*,tape-*", "--quiet", path, "--"] + args


def report(failures, what):
    if failures:
        print(f"\nFAILED: {len(failures)} of {what}")
        for name, problems, output in failures:
            print(f"\n=== {name}")
            for p in problems:
                print(f"  {p}")
            tail = output.splitlines()[-60:]
            if tail:
                print("  --- tape-tidy output (last 60 lines):")
                for line in tail:
                    print(f"  | {line}")
        return 1
    return 0


# ---------------------------------------------------------------------------
# Third-party code: googletest, googlemock, LLVM/Clang headers.

def third_party(args):
    root = args.googletest_root
    gtest, gmock = os.path.join(root, "googletest"), os.path.join(root, "googlemock")
    if not os.path.isdir(os.path.join(gtest, "src")) or not os.path.isdir(os.path.join(gmock, "src")):
        usage_error(f"no googletest sources under {root} (Debian package 'googletest'; "
                    "scripts/install-deps.sh installs it)")
    common = ["-std=c++17", "-pthread"]
    gtest_args = common + ["-I" + gtest, "-I" + os.path.join(gtest, "include")]
    gmock_args = common + ["-I" + gmock, "-I" + os.path.join(gmock, "include"),
                           "-I" + os.path.join(gtest, "include")]
    runs = []
    # The extra translation units first: the LLVM/Clang one is the slowest
    # file, and starting it first keeps the wall time close to sum / jobs.
    for tu in args.extra_tu:
        fargs = ["-std=c++17"] + [f"-I{d}" for d in args.llvm_include] + args.llvm_define
        runs.append(Run(os.path.basename(tu), tidy_command(args.tidy, tu, fargs)))
    for folder, fargs in ((gtest, gtest_args), (gmock, gmock_args)):
        sources = sorted(glob.glob(os.path.join(folder, "src", "*.cc")))
        if not sources:
            usage_error(f"no *.cc files in {folder}/src")
        for src in sources:
            runs.append(Run(os.path.relpath(src, root), tidy_command(args.tidy, src, fargs)))

    print(f"tape-tidy --checks=-*,tape-* on {len(runs)} files, {args.jobs} at a time, "
          f"timeout {args.timeout} s, memory {args.memory_mb or 'unlimited'} MB each")
    start = time.monotonic()
    run_all(runs, args.jobs, args.timeout, args.memory_mb)
    wall = time.monotonic() - start

    failures = []
    for r in runs:
        problems = crash_problems(r, allowed_statuses=(0,))
        for m, checks, text in diagnostics(r.output):
            if any(c.startswith("tape-") for c in checks):
                problems.append(f"tape-* finding in code without tapes: {text}")
            elif m.group("severity") != "warning":
                problems.append(f"does not compile (the analysis did not see the whole file): {text}")
        if problems:
            failures.append((r.name, problems, r.output))
    slowest = max(runs, key=lambda r: r.seconds)
    print(f"{len(runs)} files in {wall:.1f} s wall (sum {sum(r.seconds for r in runs):.1f} s, "
          f"slowest {slowest.name} {slowest.seconds:.1f} s)")
    status = report(failures, f"{len(runs)} files")
    if not status:
        print(f"OK: {len(runs)} files, no crash, no hang, no tape-* finding")
    return status


# ---------------------------------------------------------------------------
# Hard inputs: hand-written (inputs/) and generated.

def read_expectations(path):
    marks, directives, lang_args = set(), set(), None
    with open(path, encoding="utf-8") as f:
        for number, text in enumerate(f, start=1):
            d = DIRECTIVE_RE.search(text)
            if d:
                if d.group(1).startswith("args:"):
                    lang_args = d.group(2).split()
                else:
                    directives.add(d.group(1))
            m = MARK_RE.search(text)
            if not m:
                if "expect:" in text:
                    usage_error(f"{path}:{number}: malformed mark: {text.strip()}")
                continue
            for name in (n.strip() for n in m.group(1).split(",")):
                if not CHECK_RE.match(name):
                    usage_error(f"{path}:{number}: '{name}' is not a tape-* check name")
                marks.add((number, name))
    return marks, directives, lang_args


def one_input(args):
    if args.generate:
        if args.generate not in GENERATORS:
            usage_error(f"no generated input '{args.generate}' (have: {', '.join(GENERATORS)})")
        os.makedirs(args.out_dir, exist_ok=True)
        path = os.path.join(args.out_dir, args.generate + ".cpp")
        t0 = time.monotonic()
        write_generated(args.generate, path)
        print(f"generated {path} ({os.path.getsize(path)} bytes) in {time.monotonic() - t0:.1f} s")
    else:
        path = os.path.abspath(args.file)
    marks, directives, lang_args = read_expectations(path)
    compile_args = (lang_args if lang_args is not None else ["-std=c++20"]) + [
        "-I" + args.runtime_include, "-ferror-limit=0"]
    r = Run(os.path.basename(path), tidy_command(args.tidy, path, compile_args))
    run_all([r], 1, args.timeout, args.memory_mb)

    compile_errors = "compile-errors" in directives
    problems = crash_problems(r, allowed_statuses=(0, 1) if compile_errors else (0,))
    found, had_errors = set(), False
    for m, checks, text in diagnostics(r.output):
        if m.group("severity") != "warning":
            had_errors = True
            if not compile_errors and not any(c.startswith("tape-") for c in checks):
                problems.append(f"does not compile: {text}")
            continue
        for c in checks:
            if not c.startswith("tape-"):
                continue
            if not same_file(m.group("file"), path):
                problems.append(f"tape-* finding outside the input: {text}")
            else:
                found.add((int(m.group("line")), c))
    if compile_errors and not had_errors and not r.timed_out:
        problems.append("marked 'reliability: compile-errors' but compiled without errors")
    if "findings-unchecked" not in directives:
        for line, check in sorted(marks - found):
            problems.append(f"line {line}: expected {check}, not reported")
        for line, check in sorted(found - marks):
            problems.append(f"line {line}: unexpected {check}")
    if problems:
        return report([(path, problems, r.output)], "1 input")
    print(f"OK: {r.name} in {r.seconds:.1f} s: {len(found)} finding(s)"
          + ("" if "findings-unchecked" in directives else ", as marked"))
    return 0


# ---------------------------------------------------------------------------
# Generated inputs: too big (or too regular) to keep in the tree. Each one is
# a complete program against the runtime that does what its comment says;
# marks are written into it like in a hand-written input.

HEADER = """// Generated by test/reliability/run_reliability.py ({name}); do not edit.
// {what}
#include <tape/tape.hpp>

#include <cmath>
"""

MAIN_OPEN = """int main(int argc, char**) {
  tape::Variable x(1.5);
  tape::GradientTape t;
  tape::Tensor y = x;
  {
    auto scope = t.record();
"""

MAIN_CLOSE = """  }
  auto g = t.gradient(y, x);
  return g ? 0 : 1;
}
"""


def gen_huge_function(w):
    # 20,000 statements in one function body: declarations, assignments,
    # branches, plain arithmetic, all inside one recording scope; then a
    # certain reuse of the non-persistent tape.
    w.write(MAIN_OPEN)
    for i in range(20000):
        k = i % 4
        if k == 0:
            w.write(f"    tape::Tensor v{i} = x * {i % 7}.0;\n")
        elif k == 1:
            w.write(f"    y = v{i - 1} + x;\n")
        elif k == 2:
            w.write(f"    if (argc > {i}) v{i - 2} = x * x;\n")
        else:
            w.write(f"    double d{i} = {i} * 0.5;\n")
    w.write("  }\n  auto g = t.gradient(y, x);\n  try {\n"
            "    auto h = t.gradient(y, x);  // expect: tape-nonpersistent-reuse\n"
            "  } catch (const tape::TapeReuseError&) {\n  }\n  return g ? 0 : 1;\n}\n")


def gen_huge_dependent_chain(w):
    # 20,000 statements, each depending on the one before (y = y * x): the
    # value-flow analysis must not keep per-statement state that grows with
    # the chain.
    w.write(MAIN_OPEN)
    for _ in range(20000):
        w.write("    y = y * x;\n")
    w.write(MAIN_CLOSE)


def gen_named_intermediates_in_branches(w):
    # 600 named intermediates (t_k = y * 1.0; y = t_k;), each followed by a
    # branch: every t_k stays in scope but is never read again, and the
    # value flow must not carry them all into every later value (it took
    # 6 GB at 500 and ran out of memory at 900).
    w.write(MAIN_OPEN)
    for k in range(600):
        w.write(f"    tape::Tensor t{k} = y * 1.0; y = t{k};\n")
        w.write(f"    if (argc > {k + 100}) y = y * 2.0;\n")
    w.write(MAIN_CLOSE)


def gen_deep_expressions(w):
    # One expression of 5,000 terms (a left-deep tree 5,000 levels down),
    # 250 nested parentheses (clang's bracket limit is 256), 200 nested calls,
    # a 200-deep conditional operator chain, 100 nested lambdas.
    w.write(MAIN_OPEN)
    w.write("    y = " + " + ".join(["x * x"] * 5000) + ";\n")
    w.write("    y = " + "(" * 250 + "y" + "".join(" * x)" for _ in range(250)) + ";\n")
    w.write("    y = " + "tape::exp(" * 200 + "y" + ")" * 200 + ";\n")
    w.write("    y = " + "".join(f"argc > {i} ? y * {i}.0 : " for i in range(200)) + "y;\n")
    w.write("    y = " + "[&] { return " * 100 + "y * x" + "; }()" * 100 + ";\n")
    w.write(MAIN_CLOSE)


def gen_overflowing_expression(w):
    # A product of 12,000 terms: clang's CFG builder recurses once per level
    # and overflowed the stack (about 10,000 levels), so the function is left
    # unanalysed; the misuse in the function after it is still found.
    w.write("void product(const tape::Variable& x) {\n  tape::GradientTape t;\n"
            "  tape::Tensor y;\n  {\n    auto scope = t.record();\n    y = x"
            + " * x" * 12000 + ";\n  }\n  auto g = t.gradient(y, x);\n"
            "  auto h = t.gradient(y, x);\n}\n\n")
    w.write(MAIN_OPEN)
    w.write("    y = y * x;\n")
    w.write("  }\n  auto g = t.gradient(y, x);\n  try {\n"
            "    auto h = t.gradient(y, x);  // expect: tape-nonpersistent-reuse\n"
            "  } catch (const tape::TapeReuseError&) {\n  }\n  return g ? 0 : 1;\n}\n")


def gen_gradients_in_branches(w):
    # 16,000 `if (c == i) t.gradient(y, x);` on one non-persistent tape: each
    # after the first is a reuse. Finding them by walking on from every
    # gradient was quadratic (8,000 took 2.8 GB; this many would pass the
    # address-space limit).
    w.write("void many(const tape::Variable& x, int c) {\n  tape::GradientTape t;\n"
            "  tape::Tensor y;\n  {\n    auto scope = t.record();\n    y = x * x;\n  }\n")
    w.write("  if (c == 0) (void)t.gradient(y, x);\n")
    for i in range(1, 16000):
        w.write(f"  if (c == {i}) (void)t.gradient(y, x);  // expect: tape-nonpersistent-reuse\n")
    w.write("}\n\n")
    w.write(MAIN_OPEN)
    w.write("    y = y * x;\n")
    w.write(MAIN_CLOSE)


def gen_deep_nesting(w):
    # 250 nested blocks, 250 nested ifs, 100 nested loops, 60 nested try blocks.
    w.write(MAIN_OPEN)
    w.write("    {\n" * 250 + "    y = y * x;\n" + "    }\n" * 250)
    w.write("".join(f"    if (argc > {i % 3}) {{\n" for i in range(250)) + "    y = y * x;\n" + "    }\n" * 250)
    w.write("".join(f"    for (int i{i} = 0; i{i} < argc; ++i{i}) {{\n" for i in range(100))
            + "    y = y * x;\n" + "    }\n" * 100)
    w.write("    try {\n" * 60 + "    y = y + x;\n" + "    } catch (...) { y = x; }\n" * 60)
    w.write(MAIN_CLOSE)


def gen_branchy(w):
    # 2,000 sequential two-way branches (2^2000 paths), a 3,000-case switch
    # with fall-through, 500 labels and gotos jumping around.
    w.write(MAIN_OPEN)
    for i in range(2000):
        w.write(f"    if (argc > {i}) y = y * x; else y = y + x;\n")
    w.write("    switch (argc) {\n")
    for i in range(3000):
        w.write(f"      case {i}: y = y * {i % 5 + 1}.0; [[fallthrough]];\n")
    w.write("      default: break;\n    }\n    int n = argc;\n")
    for i in range(500):
        w.write(f"  l{i}:\n    if (n-- > {i % 5}) {{ y = y * x; goto l{(i * 7919) % 500}; }}\n")
    w.write(MAIN_CLOSE)


def gen_many_functions(w):
    # A call chain 3,000 functions long, mutual and self recursion, 500 tapes
    # in one function, 5,000 gradient() calls on one persistent tape.
    w.write("tape::Tensor f0(const tape::Tensor& a) { return a * a; }\n")
    for i in range(1, 3000):
        w.write(f"tape::Tensor f{i}(const tape::Tensor& a) {{ return f{i - 1}(a) * a; }}\n")
    w.write("tape::Tensor odd(const tape::Tensor& a, int n);\n"
            "tape::Tensor even(const tape::Tensor& a, int n) { return n <= 0 ? a : odd(a * a, n - 1); }\n"
            "tape::Tensor odd(const tape::Tensor& a, int n) { return n <= 0 ? a : even(a + a, n - 1); }\n"
            "tape::Tensor self(const tape::Tensor& a, int n) {\n"
            "  return n <= 0 ? a : self(a * a, n - 1) + self(a, n - 1);\n}\n")
    w.write("bool many_tapes(const tape::Variable& x) {\n  tape::Tensor y;\n")
    for i in range(500):
        w.write(f"  tape::GradientTape t{i}({{.persistent = {'true' if i % 2 else 'false'}}});\n")
    w.write("  {\n" + "".join(f"    auto s{i} = t{i}.record();\n" for i in range(500))
            + "    y = x * x;\n  }\n  bool ok = true;\n")
    for i in range(500):
        w.write(f"  ok = t{i}.gradient(y, x).has_value() && ok;\n")
    w.write("".join(f"  t{i}.release();\n" for i in range(1, 500, 2)) + "  return ok;\n}\n")
    w.write("bool many_gradients(const tape::Variable& x) {\n"
            "  tape::GradientTape t({.persistent = true});\n  tape::Tensor y;\n"
            "  {\n    auto scope = t.record();\n    y = x * x;\n  }\n  bool ok = true;\n")
    for i in range(5000):
        w.write("  ok = t.gradient(y, x).has_value() && ok;\n")
    w.write("  t.release();\n  return ok;\n}\n")
    w.write(MAIN_OPEN)
    w.write("    y = f2999(x) + even(x, argc) + self(x, argc);\n")
    w.write("  }\n  auto g = t.gradient(y, x);\n"
            "  return g && many_tapes(x) && many_gradients(x) ? 0 : 1;\n}\n")


GENERATORS = {
    "huge_function": (gen_huge_function, "A function of 20,000 statements; one certain misuse at its end."),
    "huge_dependent_chain": (gen_huge_dependent_chain, "20,000 statements in a chain: y = y * x."),
    "named_intermediates_in_branches": (gen_named_intermediates_in_branches,
                                        "600 named intermediates, each followed by a branch."),
    "deep_expressions": (gen_deep_expressions, "Deeply nested expressions."),
    "overflowing_expression": (gen_overflowing_expression,
                               "An expression too deep for clang's CFG builder, then a misuse."),
    "gradients_in_branches": (gen_gradients_in_branches,
                              "16,000 gradient() calls in branches of one function."),
    "deep_nesting": (gen_deep_nesting, "Deeply nested blocks, branches, loops and try blocks."),
    "branchy": (gen_branchy, "Thousands of branches, a huge switch, a goto maze."),
    "many_functions": (gen_many_functions, "Long call chains, recursion, many tapes, many gradients."),
}


def write_generated(name, path):
    fn, what = GENERATORS[name]
    with open(path, "w", encoding="utf-8") as w:
        w.write(HEADER.format(name=name, what=what))
        fn(w)


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)

    def limits(p):
        p.add_argument("--tidy", required=True, help="the tape-tidy binary")
        p.add_argument("--timeout", type=float, default=120, help="seconds per file (default 120)")
        p.add_argument("--memory-mb", type=int, default=4096,
                       help="address-space limit per tape-tidy run in MiB, 0 for none (default 4096)")

    tp = sub.add_parser("third-party")
    limits(tp)
    tp.add_argument("--googletest-root", required=True)
    tp.add_argument("--llvm-include", action="append", default=[])
    tp.add_argument("--llvm-define", action="append", default=[])
    tp.add_argument("--extra-tu", action="append", default=[])
    tp.add_argument("--jobs", type=int, default=2)

    ip = sub.add_parser("input")
    limits(ip)
    ip.add_argument("--runtime-include", required=True)
    group = ip.add_mutually_exclusive_group(required=True)
    group.add_argument("--file")
    group.add_argument("--generate", help="name of a generated input (list-generated)")
    ip.add_argument("--out-dir", default=".", help="where a generated input is written")

    gp = sub.add_parser("generate")
    gp.add_argument("name", choices=sorted(GENERATORS))
    gp.add_argument("out")

    sub.add_parser("list-generated")

    args = ap.parse_args()
    if args.command == "third-party":
        return third_party(args)
    if args.command == "input":
        return one_input(args)
    if args.command == "generate":
        write_generated(args.name, args.out)
        return 0
    print("\n".join(sorted(GENERATORS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
