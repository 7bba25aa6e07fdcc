#!/usr/bin/env python3
"""Times tape-tidy (all tape-* checks) against clang++-19 -fsyntax-only, the
parser floor, on the same inputs, alternating the two commands in one run,
and prints the ratios.

  bench/analyzer_bench.py --tape-tidy build/tool/tape-tidy [--runs 5]

Inputs: googletest's src/gtest.cc (real code that does not use the library),
generated translation units with 500/1000/2000 functions using tapes, and one
function growing from 100 to 2000 tape statements (the growth exponent of the
analysis time over the parse time is fitted and printed).
"""
import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GTEST_SRC = "/usr/src/googletest/googletest"

FUNCTION = """
double step_{i}(tape::Variable& x, tape::Variable& w) {{
  tape::GradientTape tape;
  tape::Tensor loss;
  {{
    auto scope = tape.record();
    tape::Tensor h = tape::tanh(x * w + {i}.0);
    loss = tape::square(h - 1.0);
  }}
  auto g = tape.gradient(loss, w);
  return g ? g->item() : 0.0;
}}
"""


def many_functions(n):
    return "#include <tape/tape.hpp>\n" + "".join(FUNCTION.format(i=i) for i in range(n))


def long_function(n):
    body = "".join(f"    y = y * x + {i % 7}.5;\n" for i in range(n))
    return ("#include <tape/tape.hpp>\n"
            "double long_fn(tape::Variable& x) {\n"
            "  tape::GradientTape tape;\n  tape::Tensor y = 0.0;\n"
            "  {\n    auto scope = tape.record();\n" + body + "  }\n"
            "  auto g = tape.gradient(y, x);\n  return g ? g->item() : 0.0;\n}\n")


def timed(cmd):
    """CPU seconds (user + system) of the command: steadier than wall time on
    a machine that is doing other work."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if r.returncode != 0:
        sys.exit(f"command failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return elapsed, r.stdout


def measure(tidy, path, flags, runs):
    parse = ["clang++-19", "-fsyntax-only", *flags, path]
    analyze = [tidy, "--quiet", "--checks=-*,tape-*", path, "--", *flags]
    timed(parse), timed(analyze)  # warm the page cache
    p, a = [], []
    for _ in range(runs):  # alternate, so that drift hits both equally
        p.append(timed(parse)[0])
        t, out = timed(analyze)
        a.append(t)
    return statistics.median(p), statistics.median(a), out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tape-tidy", default=os.path.join(ROOT, "build/tool/tape-tidy"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    flags = ["-std=c++20", "-I" + os.path.join(ROOT, "runtime/include")]

    print("CPU seconds, median of", args.runs, "alternating runs")
    print(f"{'input':<34} {'parse s':>9} {'tape-tidy s':>12} {'ratio':>7}")
    gtest = os.path.join(GTEST_SRC, "src/gtest.cc")
    if os.path.exists(gtest):
        gflags = ["-std=c++17", "-I" + GTEST_SRC, "-I" + os.path.join(GTEST_SRC, "include")]
        p, a, _ = measure(args.tape_tidy, gtest, gflags, args.runs)
        print(f"{'googletest src/gtest.cc':<34} {p:9.3f} {a:12.3f} {a / p:7.2f}")
    else:
        print(f"{gtest} missing (Debian package googletest); skipped")

    with tempfile.TemporaryDirectory() as tmp:
        per_function = {}
        for n in (500, 1000, 2000):
            path = os.path.join(tmp, f"functions_{n}.cpp")
            with open(path, "w") as f:
                f.write(many_functions(n))
            p, a, _ = measure(args.tape_tidy, path, flags, args.runs)
            per_function[n] = (a - p) / n
            print(f"{f'{n} tape functions':<34} {p:9.3f} {a:12.3f} {a / p:7.2f}")
        print(f"analysis time per function, 2000 vs 500: "
              f"{per_function[2000] / per_function[500]:.2f}x")

        sizes, costs = [], []
        for n in (100, 250, 500, 1000, 2000):
            path = os.path.join(tmp, f"long_{n}.cpp")
            with open(path, "w") as f:
                f.write(long_function(n))
            p, a, _ = measure(args.tape_tidy, path, flags, args.runs)
            sizes.append(n)
            costs.append(max(a - p, 1e-4))
            print(f"{f'one function, {n} statements':<34} {p:9.3f} {a:12.3f} {a / p:7.2f}")
        xs, ys = [math.log(n) for n in sizes], [math.log(c) for c in costs]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print(f"analysis time growth exponent over statements: {slope:.2f} (n log n is about 1.1)")


if __name__ == "__main__":
    main()
