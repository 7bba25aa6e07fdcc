// Sinks: the JSONL file (set in code, or by TAPE_DIAGNOSTICS in a child
// process), read back with a real JSON parser (python3's json module); whole
// lines under concurrency; a sink that cannot be written warns once on
// stderr and the program goes on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <tape/tape.hpp>

#include "test_support.hpp"

namespace tape_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using tape::GradientTape;
using tape::Variable;
using tape::diagnostics::Capture;

// Reads every line of a JSONL file with json.loads and prints, per line,
// "check|file|line|column|evidence|message" (message last: it may hold '|').
// Fails (exit 1, "BAD ...") on a line that is no JSON object with exactly
// the fields of an event, of the right types.
constexpr const char* kReader = R"PY(
import json, sys
fields = {"check": str, "file": str, "line": int, "column": int, "message": str, "evidence": str}
with open(sys.argv[1], encoding="utf-8") as f:
    for n, raw in enumerate(f, 1):
        if not raw.endswith("\n"):
            print("BAD %d: no newline at the end" % n); sys.exit(1)
        try:
            e = json.loads(raw)
        except ValueError as err:
            print("BAD %d: %s" % (n, err)); sys.exit(1)
        if not isinstance(e, dict) or set(e) != set(fields):
            print("BAD %d: fields %r" % (n, sorted(e) if isinstance(e, dict) else e)); sys.exit(1)
        for k, t in fields.items():
            if not isinstance(e[k], t) or isinstance(e[k], bool):
                print("BAD %d: %s is %r" % (n, k, e[k])); sys.exit(1)
        if len(sys.argv) > 2:
            expected = open(sys.argv[2], "rb").read().decode("utf-8")
            print("SAME" if e["message"] == expected and e["file"] == expected else
                  "DIFFERENT %r %r" % (e["message"], e["file"]))
        else:
            print("%s|%s|%d|%d|%s|%s" % (e["check"], e["file"], e["line"], e["column"],
                                         e["evidence"], e["message"]))
)PY";

struct Parsed {
  std::string check, file, evidence, message;
  unsigned line = 0, column = 0;
};

class Sink : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tape_sink_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "reader.py") << kReader;
  }
  void TearDown() override {
    tape::diagnostics::set_output_path("");
    fs::remove_all(dir_);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Reports one event whose file and message are `text` to a file sink and
  // has Python's JSON reader compare both fields with `expected`: what it
  // prints ("SAME\n" when they match).
  std::string read_back(const std::string& text, const std::string& expected) {
    std::ofstream(path("expected.txt"), std::ios::binary) << expected;
    const std::string file = path("events.jsonl");
    tape::diagnostics::set_output_path(file);
    tape::diagnostics::Event e;
    e.check = "tape-op-outside-scope";
    e.file = text;
    e.line = 7;
    e.column = 3;
    e.message = text;
    tape::diagnostics::report(e);
    tape::diagnostics::set_output_path("");
    int status = 0;
    const std::string out = run("'" + python() + "' '" + path("reader.py") + "' '" + file +
                                    "' '" + path("expected.txt") + "' 2>&1",
                                &status);
    EXPECT_EQ(status, 0) << out;
    return out;
  }

  static std::string python() {
    const std::string p = TAPE_PYTHON;
    if (p.empty()) ADD_FAILURE() << "python3 was not found when the tests were configured";
    return p;
  }

  // Runs a shell command and returns its stdout; `status` gets its exit code.
  static std::string run(const std::string& cmd, int* status = nullptr) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) {
      ADD_FAILURE() << "cannot run " << cmd;
      return out;
    }
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int rc = ::pclose(p);
    if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
  }

  // The events of a JSONL file, parsed by python's json module.
  std::vector<Parsed> read_events(const std::string& file) {
    int status = 0;
    const std::string out =
        run("'" + python() + "' '" + path("reader.py") + "' '" + file + "' 2>&1", &status);
    EXPECT_EQ(status, 0) << out;
    std::vector<Parsed> events;
    std::istringstream lines(out);
    for (std::string l; std::getline(lines, l);) {
      Parsed p;
      std::vector<std::string> parts;
      std::size_t start = 0;
      for (int i = 0; i < 5; ++i) {
        const std::size_t bar = l.find('|', start);
        if (bar == std::string::npos) break;
        parts.push_back(l.substr(start, bar - start));
        start = bar + 1;
      }
      if (parts.size() != 5) {
        ADD_FAILURE() << "unexpected reader output: " << l;
        continue;
      }
      p.check = parts[0];
      p.file = parts[1];
      p.line = static_cast<unsigned>(std::stoul(parts[2]));
      p.column = static_cast<unsigned>(std::stoul(parts[3]));
      p.evidence = parts[4];
      p.message = l.substr(start);
      events.push_back(p);
    }
    return events;
  }

  static std::string slurp(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  static unsigned count_lines_with(const std::string& text, const std::string& what) {
    unsigned n = 0;
    std::istringstream lines(text);
    for (std::string l; std::getline(lines, l);)
      if (l.find(what) != std::string::npos) ++n;
    return n;
  }

  fs::path dir_;
};

// Two real misuses: a second gradient() and an unreleased persistent tape.
void raise_two_events(Here& reuse, Here& leak) {
  Variable x(2.0);
  GradientTape tape;
  Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  (void)tape.gradient(y, x);
  try {
    reuse = here(); (void)tape.gradient(y, x);
  } catch (const tape::TapeReuseError&) {
  }
  GradientTape persistent({.persistent = true}); leak = here();
}

TEST_F(Sink, FileGetsOneJsonObjectPerEvent) {
  const std::string file = path("events.jsonl");
  tape::diagnostics::set_output_path(file);
  EXPECT_TRUE(tape::diagnostics::enabled());
  Here reuse{}, leak{};
  raise_two_events(reuse, leak);
  tape::diagnostics::set_output_path("");
  const auto events = read_events(file);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].check, "tape-nonpersistent-reuse");
  EXPECT_EQ(events[0].file, reuse.file);
  EXPECT_EQ(events[0].line, reuse.line);
  EXPECT_GT(events[0].column, 0u);
  EXPECT_EQ(events[0].evidence, "exact");
  EXPECT_THAT(events[0].message, HasSubstr("persistent"));
  EXPECT_EQ(events[1].check, "tape-persistent-not-released");
  EXPECT_EQ(events[1].file, leak.file);
  EXPECT_EQ(events[1].line, leak.line);
}

TEST_F(Sink, EmptyPathTurnsTheFileOff) {
  const std::string file = path("events.jsonl");
  tape::diagnostics::set_output_path(file);
  tape::diagnostics::set_output_path("");
  if (!std::getenv("TAPE_DIAGNOSTICS")) {
    EXPECT_FALSE(tape::diagnostics::enabled());
  }
  { GradientTape leak({.persistent = true}); }
  EXPECT_TRUE(slurp(file).empty());
}

TEST_F(Sink, FileIsAppendedNotTruncated) {
  const std::string file = path("events.jsonl");
  Here reuse{}, leak{};
  tape::diagnostics::set_output_path(file);
  raise_two_events(reuse, leak);
  tape::diagnostics::set_output_path("");
  tape::diagnostics::set_output_path(file);  // reopened: appends
  raise_two_events(reuse, leak);
  tape::diagnostics::set_output_path("");
  const auto events = read_events(file);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[2].check, "tape-nonpersistent-reuse");
  EXPECT_EQ(events[3].check, "tape-persistent-not-released");
}

TEST_F(Sink, FileAndCaptureBothReceive) {
  const std::string file = path("events.jsonl");
  tape::diagnostics::set_output_path(file);
  Capture cap;
  Here reuse{}, leak{};
  raise_two_events(reuse, leak);
  tape::diagnostics::set_output_path("");
  EXPECT_EQ(read_events(file).size(), 2u);
  EXPECT_EQ(cap.events().size(), 2u);
}

TEST_F(Sink, JsonEscapesEveryAwkwardCharacter) {
  const std::string awkward = "quote\" backslash\\ slash/ newline\n cr\r tab\t bell\x07 esc\x1b "
                              "nul-free unicode \xc3\xa9\xe2\x82\xac end";
  EXPECT_EQ(read_back(awkward, awkward), "SAME\n");
}

TEST_F(Sink, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  // A Latin-1 file name, a stray continuation byte, an overlong form, a
  // surrogate and a sequence cut short: each byte of them is one U+FFFD.
  const std::string bytes = "caf\xe9/ \x80 \xc0\xaf \xed\xa0\x80 ok \xc3\xa9 \xe2\x82";
  const std::string fffd = "\xef\xbf\xbd";
  const std::string expected = "caf" + fffd + "/ " + fffd + " " + fffd + fffd + " " + fffd + fffd +
                               fffd + " ok \xc3\xa9 " + fffd + fffd;
  EXPECT_EQ(read_back(bytes, expected), "SAME\n");
}

TEST_F(Sink, EightThreadsWriteWholeLines) {
  const std::string file = path("events.jsonl");
  tape::diagnostics::set_output_path(file);
  Capture cap;
  constexpr int threads = 8, per_thread = 200;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([t] {
      // Long messages make a torn or interleaved write show.
      const std::string padding(3000 + 97 * t, static_cast<char>('a' + t));
      for (int i = 0; i < per_thread; ++i) {
        if (i % 4 == 0) {
          GradientTape leak({.persistent = true});  // a real event, too
          continue;
        }
        tape::diagnostics::Event e;
        e.check = "tape-op-outside-scope";
        e.file = "/threads.cpp";
        e.line = static_cast<std::uint32_t>(t);
        e.column = static_cast<std::uint32_t>(i + 1);
        e.message = "t" + std::to_string(t) + "-i" + std::to_string(i) + " " + padding;
        tape::diagnostics::report(e);
      }
    });
  for (auto& th : pool) th.join();
  tape::diagnostics::set_output_path("");

  const auto events = read_events(file);
  ASSERT_EQ(events.size(), static_cast<std::size_t>(threads * per_thread));
  std::set<std::string> seen;
  int leaks = 0;
  for (const Parsed& p : events) {
    if (p.check == "tape-persistent-not-released") {
      ++leaks;
      continue;
    }
    ASSERT_EQ(p.check, "tape-op-outside-scope");
    const std::string expected = "t" + std::to_string(p.line) + "-i" + std::to_string(p.column - 1) +
                                 " " + std::string(3000 + 97 * p.line, static_cast<char>('a' + p.line));
    ASSERT_EQ(p.message, expected) << "a line was torn or mixed";
    EXPECT_TRUE(seen.insert(p.message.substr(0, 12)).second) << "duplicated: " << p.message.substr(0, 12);
  }
  EXPECT_EQ(leaks, threads * per_thread / 4);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(threads * per_thread * 3 / 4));
  EXPECT_EQ(cap.events().size(), static_cast<std::size_t>(threads * per_thread));
}

TEST_F(Sink, DirectoryPathWarnsOnceAndTheProgramGoesOn) {
  Capture cap;
  ::testing::internal::CaptureStderr();
  tape::diagnostics::set_output_path(dir_.string());  // a directory cannot be opened for writing
  for (int i = 0; i < 3; ++i) {
    GradientTape leak({.persistent = true});
  }
  tape::diagnostics::set_output_path("");
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(count_lines_with(err, "cannot write diagnostics"), 1u) << err;
  EXPECT_THAT(err, HasSubstr(dir_.string()));
  EXPECT_EQ(cap.events().size(), 3u) << "other sinks still get every event";
}

TEST_F(Sink, ProcPathWarnsOnceAndTheProgramGoesOn) {
  Capture cap;
  ::testing::internal::CaptureStderr();
  tape::diagnostics::set_output_path("/proc/tapecheck-no-such-dir/events.jsonl");
  for (int i = 0; i < 3; ++i) {
    GradientTape leak({.persistent = true});
  }
  tape::diagnostics::set_output_path("");
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(count_lines_with(err, "cannot write diagnostics"), 1u) << err;
  EXPECT_THAT(err, HasSubstr("/proc/tapecheck-no-such-dir/events.jsonl"));
  EXPECT_EQ(cap.events().size(), 3u);
}

TEST_F(Sink, FailingWritesWarnOnce) {
  // /dev/full opens, but every write fails with ENOSPC.
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  Capture cap;
  ::testing::internal::CaptureStderr();
  tape::diagnostics::set_output_path("/dev/full");
  for (int i = 0; i < 5; ++i) {
    GradientTape leak({.persistent = true});
  }
  tape::diagnostics::set_output_path("");
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(count_lines_with(err, "cannot write diagnostics"), 1u) << err;
  EXPECT_EQ(cap.events().size(), 5u);
}

TEST_F(Sink, EachNewPathMayWarnAgain) {
  ::testing::internal::CaptureStderr();
  tape::diagnostics::set_output_path(dir_.string());
  tape::diagnostics::set_output_path(dir_.string());
  tape::diagnostics::set_output_path("");
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(count_lines_with(err, "cannot write diagnostics"), 2u) << err;
}

// ---------------------------------------------------------------------------
// TAPE_DIAGNOSTICS, read by a child process.

std::map<std::string, unsigned> expected_from_child(const std::string& stdout_text) {
  std::map<std::string, unsigned> m;
  std::istringstream in(stdout_text);
  std::string check;
  unsigned line;
  while (in >> check >> line) m[check] = line;
  return m;
}

TEST_F(Sink, EnvironmentVariableInAChildProcess) {
  const std::string file = path("child.jsonl");
  int status = -1;
  const std::string cmd = "TAPE_DIAGNOSTICS='" + file + "' '" TAPE_EMIT_EVENTS "' 2>'" +
                          path("stderr.txt") + "'";
  const std::string out = run(cmd, &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_EQ(slurp(path("stderr.txt")), "");
  const auto expected = expected_from_child(out);
  ASSERT_EQ(expected.size(), 2u) << out;
  const auto events = read_events(file);
  ASSERT_EQ(events.size(), 2u);
  for (const Parsed& e : events) {
    ASSERT_TRUE(expected.contains(e.check)) << e.check;
    EXPECT_EQ(e.line, expected.at(e.check)) << e.check;
    EXPECT_THAT(e.file, ::testing::EndsWith("emit_events.cpp"));
    EXPECT_GT(e.column, 0u);
  }
  // A second run appends to the same file.
  (void)run(cmd, &status);
  ASSERT_EQ(status, 0);
  EXPECT_EQ(read_events(file).size(), 4u);
}

TEST_F(Sink, TwoChildProcessesAppendWholeLines) {
  const std::string file = path("both.jsonl");
  int status = -1;
  const std::string one = "TAPE_DIAGNOSTICS='" + file + "' '" TAPE_EMIT_EVENTS "' >/dev/null";
  std::string cmd = "for i in 1 2 3 4 5; do " + one + " & " + one + " & wait; done";
  (void)run(cmd, &status);
  ASSERT_EQ(status, 0);
  EXPECT_EQ(read_events(file).size(), 20u);
}

TEST_F(Sink, UnwritableEnvironmentPathWarnsOnceInTheChild) {
  for (const std::string& bad : {dir_.string(), std::string("/proc/tapecheck-no-such-dir/x.jsonl")}) {
    SCOPED_TRACE(bad);
    int status = -1;
    const std::string out = run("TAPE_DIAGNOSTICS='" + bad + "' '" TAPE_EMIT_EVENTS "' 2>'" +
                                    path("stderr.txt") + "'",
                                &status);
    EXPECT_EQ(status, 0) << "the program goes on";
    EXPECT_EQ(expected_from_child(out).size(), 2u) << "and finishes its work: " << out;
    const std::string err = slurp(path("stderr.txt"));
    EXPECT_EQ(count_lines_with(err, "cannot write diagnostics"), 1u) << err;
    EXPECT_THAT(err, HasSubstr(bad));
  }
}

TEST_F(Sink, ChildWithoutTheVariableWritesNothing) {
  int status = -1;
  const std::string out = run("env -u TAPE_DIAGNOSTICS '" TAPE_EMIT_EVENTS "' 2>'" +
                                  path("stderr.txt") + "'",
                              &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(expected_from_child(out).size(), 2u);
  EXPECT_EQ(slurp(path("stderr.txt")), "");
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_NE(entry.path().extension(), ".jsonl") << entry.path();
}

}  // namespace
}  // namespace tape_test
