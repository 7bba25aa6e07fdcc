#!/usr/bin/env python3
"""Runs one annotated case of the tapecheck corpus through both halves.

A case (test/cases/<name>.cpp) is a complete program against the runtime.
Every line that must be flagged carries a mark:

    auto g2 = tape.gradient(y, x);  // expect: tape-nonpersistent-reuse

(several checks: `// expect: tape-a, tape-b`; see test/cases/README.md).
The set M of (line, check) marks must equal

  (a) static half: the set of (line, check) of the tape-* warnings that
      tape-tidy reports in the case file (notes are not findings), and
  (b) runtime half: the set of (line, check) of the events the compiled case
      appends to $TAPE_DIAGNOSTICS whose file is the case file. The program
      must also exit with status 0: a case catches the runtime errors it
      provokes, so a crash or an uncaught exception (which would also skip
      destructors and their events) is a failure of its own.

Any difference fails the case and is printed as `<half> half: line N: ...`.
Exit status: 0 when both halves agree with the marks, 1 on a disagreement,
2 when the harness itself cannot run (bad arguments, malformed marks).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

MARK_RE = re.compile(r"//\s*expect:\s*(.*?)\s*$")
CHECK_RE = re.compile(r"^tape-[a-z]+(?:-[a-z]+)*$")
# clang-tidy's diagnostic line: file:line:col: warning: message [check,...]
DIAG_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<severity>warning|error): (?P<message>.*?)(?: \[(?P<checks>[^\]]+)\])?$"
)


def fail_usage(message):
    print(f"run_case: {message}", file=sys.stderr)
    sys.exit(2)


def known_checks(check_names_header):
    """The check names, read from the header both halves share."""
    with open(check_names_header, encoding="utf-8") as f:
        names = set(re.findall(r'"(tape-[a-z-]+)"', f.read()))
    if not names:
        fail_usage(f"no check names found in {check_names_header}")
    return names


def read_marks(case, checks):
    marks = set()
    with open(case, encoding="utf-8") as f:
        for number, text in enumerate(f, start=1):
            m = MARK_RE.search(text)
            if not m:
                if "expect:" in text:
                    fail_usage(f"{case}:{number}: malformed mark: {text.strip()}")
                continue
            names = [n.strip() for n in m.group(1).split(",")]
            if not names or any(not n for n in names):
                fail_usage(f"{case}:{number}: empty check name in mark: {text.strip()}")
            for name in names:
                if not CHECK_RE.match(name) or name not in checks:
                    fail_usage(f"{case}:{number}: unknown check '{name}' in mark")
                marks.add((number, name))
    return marks


def same_file(reported, case):
    """True if a path reported by a tool names the case file.

    Absolute paths are compared after resolving links; a relative path (a
    compiler launcher may rewrite paths relative to the build directory) must
    end with the case's file name as a whole path component.
    """
    if not reported:
        return False
    if os.path.isabs(reported):
        return os.path.realpath(reported) == os.path.realpath(case)
    norm = os.path.normpath(reported)
    base = os.path.basename(case)
    return norm == base or norm.endswith(os.sep + base)


def static_half(args, case):
    cmd = [args.tidy, "--checks=-*,tape-*", "--quiet", case, "--"] + args.compile_args
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=args.timeout)
    found = set()
    problems = []
    for text in proc.stdout.splitlines():
        m = DIAG_RE.match(text)
        if not m:
            continue
        checks = (m.group("checks") or "").split(",")
        check = checks[0].strip()
        if m.group("severity") == "error" and not check.startswith("tape-"):
            problems.append(f"static half: compile error: {text}")
            continue
        if not check.startswith("tape-") or not same_file(m.group("file"), case):
            continue
        found.add((int(m.group("line")), check))
    if proc.returncode != 0 and not problems:
        problems.append(f"static half: tape-tidy exited with status {proc.returncode}")
    if problems:
        problems.append("static half: tape-tidy output follows\n" + proc.stdout)
    return found, problems


def runtime_half(args, case):
    fd, events_path = tempfile.mkstemp(prefix="tape-case-", suffix=".jsonl")
    os.close(fd)
    problems = []
    found = set()
    try:
        env = dict(os.environ)
        env["TAPE_DIAGNOSTICS"] = events_path
        try:
            proc = subprocess.run([args.exe], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True,
                                  timeout=args.timeout, env=env)
        except subprocess.TimeoutExpired:
            return found, [f"runtime half: {args.exe} timed out after {args.timeout} s"]
        if proc.returncode != 0:
            problems.append(f"runtime half: the program exited with status {proc.returncode} "
                            f"(cases must catch what they provoke and exit 0); output:\n"
                            + proc.stdout)
        with open(events_path, encoding="utf-8") as f:
            for number, text in enumerate(f, start=1):
                if not text.strip():
                    continue
                try:
                    event = json.loads(text)
                    check, file, line = event["check"], event["file"], int(event["line"])
                except (ValueError, KeyError, TypeError) as e:
                    problems.append(f"runtime half: event {number} is not valid: {e}: {text.strip()}")
                    continue
                if same_file(file, case):
                    found.add((line, check))
    finally:
        os.unlink(events_path)
    return found, problems


def compare(half, marks, found):
    lines = []
    for line, check in sorted(marks - found, key=lambda m: (m[0], m[1])):
        lines.append(f"{half} half: line {line}: expected {check}, not reported")
    for line, check in sorted(found - marks, key=lambda m: (m[0], m[1])):
        lines.append(f"{half} half: line {line}: unexpected {check}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", required=True, help="the annotated .cpp file")
    parser.add_argument("--tidy", required=True, help="the tape-tidy executable")
    parser.add_argument("--exe", required=True, help="the case compiled against the runtime")
    parser.add_argument("--check-names", required=True,
                        help="runtime/include/tape/check_names.hpp")
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("compile_args", nargs="*",
                        help="after --: compiler arguments for the static half")
    args = parser.parse_args()

    case = os.path.abspath(args.case)
    for path, what in ((case, "case"), (args.tidy, "tape-tidy"), (args.exe, "case program")):
        if not os.path.exists(path):
            fail_usage(f"{what} not found: {path}")
    marks = read_marks(case, known_checks(args.check_names))

    report = []
    static_found, static_problems = static_half(args, case)
    report += static_problems
    if not static_problems:
        report += compare("static", marks, static_found)
    runtime_found, runtime_problems = runtime_half(args, case)
    report += runtime_problems
    report += compare("runtime", marks, runtime_found)

    name = os.path.basename(case)
    if report:
        print(f"{name}: FAILED")
        for line in report:
            print(line)
        sys.exit(1)
    print(f"{name}: ok ({len(marks)} mark(s); both halves agree)")
    sys.exit(0)


if __name__ == "__main__":
    main()
