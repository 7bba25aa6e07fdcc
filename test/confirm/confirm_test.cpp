// Black-box tests of tape-confirm: run the built binary on the fixtures in
// fixtures/ and check its table, JSON, SARIF and exit status.
//
// The fixtures are templates: "@FIXTURES@" stands for the fixtures directory,
// so the YAML and JSONL can name real source files wherever the tree lives.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "llvm/Support/JSON.h"

namespace fs = std::filesystem;

namespace {

const std::string kBinary = TAPE_CONFIRM_BIN;
const fs::path kFixtures = fs::canonical(TAPE_CONFIRM_FIXTURES);

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
    text.replace(pos, from.size(), to);
  return text;
}

std::string shellQuote(const std::string& s) { return "'" + replaceAll(s, "'", "'\\''") + "'"; }

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

// (state, check, file relative to the fixtures, line)
using Row = std::tuple<std::string, std::string, std::string, int>;

class ConfirmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = fs::temp_directory_path() / ("tape-confirm-test-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Copies fixtures/<name>.in to the test directory as <name>, with
  // @FIXTURES@ replaced by `root`; returns its path.
  std::string fixture(const std::string& name, const fs::path& root = kFixtures) {
    const fs::path in = kFixtures / (name + ".in");
    EXPECT_TRUE(fs::exists(in)) << in;
    const fs::path out = dir_ / fs::path(name).filename();
    writeFile(out, replaceAll(readFile(in), "@FIXTURES@", root.string()));
    return out.string();
  }

  Result run(const std::vector<std::string>& args) {
    std::string cmd = "cd " + shellQuote(dir_.string()) + " && " + shellQuote(kBinary);
    for (const std::string& a : args) cmd += " " + shellQuote(a);
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    cmd += " >" + shellQuote(out.string()) + " 2>" + shellQuote(err.string());
    const int raw = std::system(cmd.c_str());
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = readFile(out);
    r.err = readFile(err);
    fs::remove(out);
    fs::remove(err);
    return r;
  }

  // The standard inputs: two TUs' export-fixes and two runtime event files.
  std::vector<std::string> standardInputs() {
    return {fixture("static.yaml"), fixture("static2.yaml"), fixture("runtime.jsonl"),
            fixture("runtime2.jsonl")};
  }

  static llvm::json::Value parseJson(const std::string& text) {
    llvm::Expected<llvm::json::Value> v = llvm::json::parse(text);
    if (!v) {
      ADD_FAILURE() << "not JSON: " << llvm::toString(v.takeError()) << "\n" << text;
      return nullptr;
    }
    return std::move(*v);
  }

  static std::string relative(llvm::StringRef file) {
    return fs::path(file.str()).lexically_relative(kFixtures).string();
  }

  static std::vector<Row> rows(const llvm::json::Value& report) {
    std::vector<Row> out;
    const llvm::json::Object* obj = report.getAsObject();
    const llvm::json::Array* findings = obj ? obj->getArray("findings") : nullptr;
    if (!findings) {
      ADD_FAILURE() << "no findings array";
      return out;
    }
    for (const llvm::json::Value& v : *findings) {
      const llvm::json::Object* f = v.getAsObject();
      out.emplace_back(f->getString("state").value_or("").str(), f->getString("check").value_or("").str(),
                       relative(f->getString("file").value_or("")),
                       static_cast<int>(f->getInteger("line").value_or(0)));
    }
    return out;
  }

  static const llvm::json::Object* findingAt(const llvm::json::Value& report, const std::string& check,
                                             const std::string& file, int line) {
    for (const llvm::json::Value& v : *report.getAsObject()->getArray("findings")) {
      const llvm::json::Object* f = v.getAsObject();
      if (f->getString("check") == check && relative(*f->getString("file")) == file &&
          f->getInteger("line") == line)
        return f;
    }
    ADD_FAILURE() << "no finding " << check << " at " << file << ":" << line;
    return nullptr;
  }

  fs::path dir_;
};

// What the standard inputs must join to, in output order (state, file, line).
const std::vector<Row> kStandardRows = {
    {"confirmed", "tape-nonpersistent-reuse", "src/helpers.hpp", 7},
    {"confirmed", "tape-nonpersistent-reuse", "src/train.cpp", 12},
    {"confirmed", "tape-gradient-in-scope", "src/train.cpp", 20},
    {"static-only", "tape-persistent-not-released", "src/train.cpp", 17},
    {"runtime-only", "tape-raw-array-mixing", "src/helpers.hpp", 6},
    {"runtime-only", "tape-raw-array-mixing", "src/train.cpp", 27},
};

TEST_F(ConfirmTest, JoinsEachFindingIntoItsState) {
  std::vector<std::string> args = standardInputs();
  args.push_back("--format=json");
  Result r = run(args);
  EXPECT_EQ(r.status, 1) << r.err;  // confirmed findings present
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(rows(parseJson(r.out)), kStandardRows);
}

TEST_F(ConfirmTest, TableShowsEveryRowAndTheCounts) {
  Result r = run(standardInputs());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("Summary: 3 confirmed, 1 static only, 2 runtime only (6 findings from "
                       "5 static diagnostics in 2 files and 7 runtime events in 2 files)"),
            std::string::npos)
      << r.out;
  // One line per finding (header and summary aside), in state order.
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (line.find("tape-") != std::string::npos) lines.push_back(line);
  ASSERT_EQ(lines.size(), 6u) << r.out;
  const std::string src = (kFixtures / "src").string() + "/";
  const std::vector<std::vector<std::string>> expected = {
      {"confirmed ", "tape-nonpersistent-reuse", src + "helpers.hpp:7:15", " 1"},
      {"confirmed ", "tape-nonpersistent-reuse", src + "train.cpp:12:21", " 1"},
      {"confirmed ", "tape-gradient-in-scope", src + "train.cpp:20:17", " 3"},
      {"static only ", "tape-persistent-not-released", src + "train.cpp:17:22", " -"},
      {"runtime only ", "tape-raw-array-mixing", src + "helpers.hpp:6:3", " 1 (value evidence only)"},
      {"runtime only ", "tape-raw-array-mixing", src + "train.cpp:27:12", " 1"},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(lines[i].rfind(expected[i][0], 0), 0u) << lines[i];
    for (const std::string& part : expected[i])
      EXPECT_NE(lines[i].find(part), std::string::npos) << "'" << part << "' not in: " << lines[i];
  }
  // The messages stay out of the table unless asked for.
  EXPECT_EQ(r.out.find("inside its own recording scope"), std::string::npos);
  std::vector<std::string> args = standardInputs();
  args.push_back("--messages");
  Result verbose = run(args);
  EXPECT_NE(verbose.out.find("static:  gradient() on the persistent tape 'keep' inside its own recording scope"),
            std::string::npos)
      << verbose.out;
  EXPECT_NE(verbose.out.find("runtime: the gradient may be wrong: a value equal to an exported one came back"),
            std::string::npos)
      << verbose.out;
}

TEST_F(ConfirmTest, JsonCarriesBothSidesOfEachFinding) {
  std::vector<std::string> args = standardInputs();
  args.push_back("--format=json");
  Result r = run(args);
  llvm::json::Value report = parseJson(r.out);
  const llvm::json::Object* doc = report.getAsObject();
  ASSERT_NE(doc, nullptr);
  const llvm::json::Object* summary = doc->getObject("summary");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->getInteger("confirmed"), 3);
  EXPECT_EQ(summary->getInteger("static_only"), 1);
  EXPECT_EQ(summary->getInteger("runtime_only"), 2);
  EXPECT_EQ(summary->getInteger("total"), 6);
  const llvm::json::Object* inputs = doc->getObject("inputs");
  ASSERT_NE(inputs, nullptr);
  EXPECT_EQ(inputs->getInteger("static_findings"), 5);  // non-tape diagnostics not counted
  EXPECT_EQ(inputs->getInteger("runtime_events"), 7);   // non-tape events not counted
  EXPECT_EQ(inputs->getArray("static")->size(), 2u);
  EXPECT_EQ(inputs->getArray("runtime")->size(), 2u);

  // Offset 407 of train.cpp is line 12, column 21; the runtime's column stays its own.
  const llvm::json::Object* reuse = findingAt(report, "tape-nonpersistent-reuse", "src/train.cpp", 12);
  ASSERT_NE(reuse, nullptr);
  EXPECT_EQ(reuse->getInteger("column"), 21);
  EXPECT_EQ(reuse->getObject("static")->getInteger("column"), 21);
  EXPECT_EQ(reuse->getObject("runtime")->getInteger("column"), 16);
  EXPECT_EQ(reuse->getString("message"),
            "gradient() called a second time on the non-persistent tape 'tape'");

  // The same header finding from two translation units is one finding.
  const llvm::json::Object* header = findingAt(report, "tape-nonpersistent-reuse", "src/helpers.hpp", 7);
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->getObject("static")->getInteger("reports"), 2);

  // A gradient() reached three times (two files) is one finding with three events.
  const llvm::json::Object* loop = findingAt(report, "tape-gradient-in-scope", "src/train.cpp", 20);
  ASSERT_NE(loop, nullptr);
  EXPECT_EQ(loop->getObject("runtime")->getInteger("events"), 3);
  EXPECT_EQ(loop->getObject("runtime")->getString("evidence"), "exact");

  const llvm::json::Object* onlyStatic = findingAt(report, "tape-persistent-not-released", "src/train.cpp", 17);
  ASSERT_NE(onlyStatic, nullptr);
  EXPECT_EQ(onlyStatic->get("runtime")->kind(), llvm::json::Value::Null);

  const llvm::json::Object* value = findingAt(report, "tape-raw-array-mixing", "src/helpers.hpp", 6);
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->get("static")->kind(), llvm::json::Value::Null);
  EXPECT_EQ(value->getObject("runtime")->getString("evidence"), "value");
  EXPECT_EQ(value->getInteger("column"), 3);
}

TEST_F(ConfirmTest, OnlyTapeChecksCount) {
  std::vector<std::string> args = standardInputs();
  args.push_back("--format=json");
  llvm::json::Value report = parseJson(run(args).out);
  for (const Row& row : rows(report)) EXPECT_EQ(std::get<1>(row).rfind("tape-", 0), 0u) << std::get<1>(row);
  // modernize-use-nullptr shares line 27 with a runtime event: still runtime only.
  const llvm::json::Object* f = findingAt(report, "tape-raw-array-mixing", "src/train.cpp", 27);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->getString("state"), "runtime-only");
}

TEST_F(ConfirmTest, RunClangTidyMergedExportGivesTheSameFindings) {
  Result r = run({fixture("static-merged.yaml"), fixture("runtime.jsonl"), fixture("runtime2.jsonl"),
               "--format=json"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(rows(parseJson(r.out)), kStandardRows);
}

TEST_F(ConfirmTest, SeveralYamlDocumentsInOneFile) {
  const fs::path both = dir_ / "both.yaml";
  writeFile(both, readFile(fixture("static.yaml")) + readFile(fixture("static2.yaml")));
  Result r = run({both.string(), fixture("runtime.jsonl"), fixture("runtime2.jsonl"), "--format=json"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(rows(parseJson(r.out)), kStandardRows);
}

TEST_F(ConfirmTest, PathsAreNormalisedBeforeJoining) {
  // The runtime saw the sources through a symlink (and runtime2 has a "/./").
  const fs::path link = dir_ / "linked-fixtures";
  fs::create_directory_symlink(kFixtures, link);
  Result r = run({fixture("static.yaml"), fixture("static2.yaml"), fixture("runtime.jsonl", link),
               fixture("runtime2.jsonl", link), "--format=json"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(rows(parseJson(r.out)), kStandardRows);
}

TEST_F(ConfirmTest, ExplicitInputKindsAcceptAnyFileName) {
  const fs::path s = dir_ / "findings.out", e = dir_ / "events.log";
  fs::copy_file(fixture("static.yaml"), s);
  fs::copy_file(fixture("runtime.jsonl"), e);
  Result r = run({"--static=" + s.string(), "--runtime", e.string(), "--format=json"});
  EXPECT_EQ(r.status, 1) << r.err;
  const llvm::json::Value report = parseJson(r.out);
  const llvm::json::Object* f = findingAt(report, "tape-gradient-in-scope", "src/train.cpp", 20);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->getString("state"), "confirmed");
  EXPECT_EQ(f->getObject("runtime")->getInteger("events"), 2);
}

TEST_F(ConfirmTest, SarifIsVersion210WithTheStateOnEachResult) {
  std::vector<std::string> args = standardInputs();
  const std::string sarif = (dir_ / "out.sarif").string();
  args.push_back("--sarif=" + sarif);
  Result r = run(args);
  EXPECT_EQ(r.status, 1) << r.err;
  ASSERT_TRUE(fs::exists(sarif));
  llvm::json::Value doc = parseJson(readFile(sarif));
  const llvm::json::Object* top = doc.getAsObject();
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->getString("version"), "2.1.0");
  EXPECT_NE(top->getString("$schema").value_or("").find("sarif-schema-2.1.0.json"), llvm::StringRef::npos);
  const llvm::json::Array* runs = top->getArray("runs");
  ASSERT_NE(runs, nullptr);
  ASSERT_EQ(runs->size(), 1u);
  const llvm::json::Object* run0 = (*runs)[0].getAsObject();
  const llvm::json::Object* driver = run0->getObject("tool")->getObject("driver");
  EXPECT_EQ(driver->getString("name"), "tape-confirm");
  std::set<std::string> ruleIds;
  for (const llvm::json::Value& rule : *driver->getArray("rules"))
    ruleIds.insert(rule.getAsObject()->getString("id")->str());
  EXPECT_EQ(ruleIds.size(), 9u);
  EXPECT_TRUE(ruleIds.count("tape-op-outside-scope"));
  EXPECT_TRUE(ruleIds.count("tape-gradient-in-scope"));

  const llvm::json::Array* results = run0->getArray("results");
  ASSERT_NE(results, nullptr);
  ASSERT_EQ(results->size(), kStandardRows.size());
  for (std::size_t i = 0; i < results->size(); ++i) {
    const llvm::json::Object* result = (*results)[i].getAsObject();
    const auto& [state, check, file, line] = kStandardRows[i];
    SCOPED_TRACE(check + " " + file + ":" + std::to_string(line));
    EXPECT_EQ(result->getString("ruleId"), check);
    const llvm::json::Object* props = result->getObject("properties");
    ASSERT_NE(props, nullptr);
    EXPECT_EQ(props->getString("tapecheck/state"), state);
    const std::string text = result->getObject("message")->getString("text").value_or("").str();
    const std::string level = result->getString("level").value_or("").str();
    if (state == "confirmed") {
      EXPECT_EQ(level, "error");
      EXPECT_EQ(text.rfind("[confirmed", 0), 0u) << text;
    } else if (state == "static-only") {
      EXPECT_EQ(level, "warning");
      EXPECT_EQ(text.rfind("[static only", 0), 0u) << text;
    } else {
      EXPECT_EQ(level, file == "src/helpers.hpp" ? "note" : "warning");  // value evidence: note
      EXPECT_EQ(text.rfind("[runtime only", 0), 0u) << text;
    }
    const llvm::json::Array* locations = result->getArray("locations");
    ASSERT_NE(locations, nullptr);
    ASSERT_EQ(locations->size(), 1u);
    const llvm::json::Object* physical = (*locations)[0].getAsObject()->getObject("physicalLocation");
    const std::string uri = physical->getObject("artifactLocation")->getString("uri").value_or("").str();
    EXPECT_EQ(uri, "file://" + (kFixtures / file).string());
    EXPECT_EQ(physical->getObject("region")->getInteger("startLine"), line);
  }
  // The table still went to stdout.
  EXPECT_NE(r.out.find("Summary: 3 confirmed"), std::string::npos);
}

TEST_F(ConfirmTest, SarifForAFileThatNoLongerExistsHasNoLocation) {
  const fs::path events = dir_ / "gone.jsonl";
  writeFile(events, "{\"check\":\"tape-use-after-release\",\"file\":\"" + (dir_ / "gone.cpp").string() +
                        "\",\"line\":4,\"column\":2,\"message\":\"released\"}\n");
  const std::string sarif = (dir_ / "out.sarif").string();
  Result r = run({events.string(), "--sarif", sarif});
  EXPECT_EQ(r.status, 0) << r.err;
  llvm::json::Value doc = parseJson(readFile(sarif));
  const llvm::json::Object* result =
      (*(*doc.getAsObject()->getArray("runs"))[0].getAsObject()->getArray("results"))[0].getAsObject();
  EXPECT_EQ(result->getArray("locations"), nullptr);
  EXPECT_EQ(result->getObject("properties")->getString("tapecheck/location"), (dir_ / "gone.cpp").string() + ":4");
  EXPECT_NE(r.err.find("warning: runtime events name 1 file(s) that do not exist here"), std::string::npos)
      << r.err;
}

TEST_F(ConfirmTest, MessagesInTheTableAreOneLineOfPlainText) {
  const fs::path events = dir_ / "odd.jsonl";
  writeFile(events, "{\"check\":\"tape-use-after-release\",\"file\":\"" + (dir_ / "gone.cpp").string() +
                        "\",\"line\":4,\"message\":\"two\\nlines \\u001b[31mred \\u009b1m é\"}\n");
  Result r = run({events.string(), "--messages"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("runtime: two\\x0alines \\x1b[31mred \\xc2\\x9b1m é\n"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
}

TEST_F(ConfirmTest, CheckNamesAndPathsInTheTableArePlainTextToo) {
  const fs::path events = dir_ / "names.jsonl";
  writeFile(events, "{\"check\":\"tape-x\\u001b[2J\",\"file\":\"" + (dir_ / "a\\u001b]0;T\\u0007.cpp").string() +
                        "\",\"line\":2,\"message\":\"m\"}\n");
  Result r = run({events.string(), "--fail-on=none"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("tape-x\\x1b[2J"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a\\x1b]0;T\\x07.cpp:2"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "the missing-file warning names it too";
}

TEST_F(ConfirmTest, SarifColumnInsideACharacterMarksThatCharacter) {
  const fs::path source = dir_ / "utf8.cpp";
  writeFile(source, "  \xc3\xa9 = 1;\n");  // "é" is bytes 3-4
  const fs::path events = dir_ / "mid.jsonl";
  writeFile(events, "{\"check\":\"tape-use-after-release\",\"file\":\"" + source.string() +
                        "\",\"line\":1,\"column\":4,\"message\":\"m\"}\n");
  const std::string sarif = (dir_ / "out.sarif").string();
  Result r = run({events.string(), "--sarif", sarif});
  ASSERT_EQ(r.status, 0) << r.err;
  llvm::json::Value doc = parseJson(readFile(sarif));
  const llvm::json::Object* region =
      (*(*(*doc.getAsObject()->getArray("runs"))[0].getAsObject()->getArray("results"))[0]
            .getAsObject()->getArray("locations"))[0]
          .getAsObject()->getObject("physicalLocation")->getObject("region");
  EXPECT_EQ(region->getInteger("startColumn"), 3);  // code points
  EXPECT_EQ(region->getInteger("endColumn"), 4);
}

TEST_F(ConfirmTest, SarifPutsNoEventPastTheEndOfItsFile) {
  const fs::path source = dir_ / "short.cpp";
  writeFile(source, "int main() {\n  return 0;\n}\n");
  const fs::path events = dir_ / "past.jsonl";
  writeFile(events, "{\"check\":\"tape-use-after-release\",\"file\":\"" + source.string() +
                        "\",\"line\":99,\"column\":3,\"message\":\"gone\"}\n"
                        "{\"check\":\"tape-use-after-release\",\"file\":\"" + source.string() +
                        "\",\"line\":2,\"column\":99,\"message\":\"wide\"}\n");
  const std::string sarif = (dir_ / "out.sarif").string();
  Result r = run({events.string(), "--sarif", sarif});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  llvm::json::Value doc = parseJson(readFile(sarif));
  const llvm::json::Array& results =
      *(*doc.getAsObject()->getArray("runs"))[0].getAsObject()->getArray("results");
  ASSERT_EQ(results.size(), 2u);
  // Sorted by line: the column past the end of line 2 is placed at its start;
  // line 99, which the file does not have, gets no location at all.
  const llvm::json::Object* region = (*results[0].getAsObject()->getArray("locations"))[0]
                                         .getAsObject()->getObject("physicalLocation")
                                         ->getObject("region");
  EXPECT_EQ(region->getInteger("startLine"), 2);
  EXPECT_EQ(region->getInteger("startColumn"), 1);
  const llvm::json::Object* past = results[1].getAsObject();
  EXPECT_EQ(past->getArray("locations"), nullptr);
  EXPECT_EQ(past->getObject("properties")->getString("tapecheck/location"), source.string() + ":99");
}

// Reports are written as they are made: 100,000 findings used to become
// about 5 GB of JSON objects before the SARIF was written (Clang's
// SarifDocumentWriter). Like the reliability runs of tape-tidy, the run gets
// an address-space limit so that a blow-up fails fast; sanitizer builds
// reserve huge address ranges and run without one.
TEST_F(ConfirmTest, ManyFindingsAreWrittenWithoutHoldingTheReportInMemory) {
  constexpr int kFindings = 100000;
  const fs::path source = dir_ / "big.cpp", events = dir_ / "many.jsonl";
  {
    std::ofstream src(source), ev(events);
    for (int i = 1; i <= kFindings; ++i) {
      src << "int v" << i << " = " << i << ";\n";
      ev << "{\"check\":\"tape-nonpersistent-reuse\",\"file\":\"" << source.string()
         << "\",\"line\":" << i << ",\"column\":5,\"message\":\"second gradient\"}\n";
    }
  }
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  const std::string limit;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
  const std::string limit;
#else
  const std::string limit = "ulimit -v 1048576; ";
#endif
#else
  const std::string limit = "ulimit -v 1048576; ";
#endif
  const fs::path sarif = dir_ / "out.sarif", json = dir_ / "out.json", err = dir_ / "err.txt";
  const std::string cmd = limit + shellQuote(kBinary) + " --fail-on=none --format=json " +
                          shellQuote(events.string()) + " --sarif=" + shellQuote(sarif.string()) +
                          " >" + shellQuote(json.string()) + " 2>" + shellQuote(err.string());
  const int raw = std::system(("bash -c " + shellQuote(cmd)).c_str());
  ASSERT_EQ(WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, 0) << readFile(err);
  auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
    return n;
  };
  const std::string sarifText = readFile(sarif);
  EXPECT_EQ(count(sarifText, "\"ruleId\": \"tape-nonpersistent-reuse\""), std::size_t{kFindings});
  EXPECT_NE(sarifText.find("\"startLine\": 100000,"), std::string::npos);
  EXPECT_EQ(count(readFile(json), "\"state\": \"runtime-only\""), std::size_t{kFindings});
}

TEST_F(ConfirmTest, WriteFailuresExitTwo) {
  const std::string events = fixture("runtime.jsonl");
  Result sarif = run({events, "--fail-on=none", "--sarif=/dev/full"});
  EXPECT_EQ(sarif.status, 2);
  EXPECT_NE(sarif.err.find("cannot write SARIF to '/dev/full'"), std::string::npos) << sarif.err;
  EXPECT_TRUE(fs::is_character_file("/dev/full")) << "a device must be written, not replaced";

  const std::string cmd = shellQuote(kBinary) + " --fail-on=none " + shellQuote(events) +
                          " >/dev/full 2>" + shellQuote((dir_ / "err.txt").string());
  const int raw = std::system(cmd.c_str());
  EXPECT_EQ(WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, 2);
  EXPECT_NE(readFile(dir_ / "err.txt").find("cannot write the report to standard output"),
            std::string::npos);
}

TEST_F(ConfirmTest, AFailedSarifWriteKeepsThePreviousReport) {
  // A file size limit stands in for a full disk: the write fails (EFBIG).
  // tape-confirm ignores the limit's signal (SIGXFSZ), so it reports the
  // failure rather than dying with a stack dump.
  const fs::path sarif = dir_ / "out.sarif";
  writeFile(sarif, "previous report");
  const std::string cmd = "ulimit -f 2; " + shellQuote(kBinary) + " --fail-on=none " +
                          shellQuote(fixture("runtime.jsonl")) + " --sarif=" + shellQuote(sarif.string()) +
                          " >/dev/null 2>" + shellQuote((dir_ / "err.txt").string());
  const int raw = std::system(("bash -c " + shellQuote(cmd)).c_str());
  EXPECT_EQ(WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, 2);
  EXPECT_NE(readFile(dir_ / "err.txt").find("cannot write SARIF to"), std::string::npos)
      << readFile(dir_ / "err.txt");
  EXPECT_EQ(readFile(dir_ / "err.txt").find("Stack dump"), std::string::npos);
  EXPECT_EQ(readFile(sarif), "previous report");
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST_F(ConfirmTest, SarifThroughASymlinkWritesItsTarget) {
  const fs::path target = dir_ / "real.sarif", link = dir_ / "link.sarif";
  writeFile(target, "");
  fs::create_symlink(target, link);
  Result r = run({fixture("runtime.jsonl"), "--fail-on=none", "--sarif=" + link.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(link));
  parseJson(readFile(target));
}

TEST_F(ConfirmTest, ExitStatusFollowsFailOn) {
  const std::vector<std::string> all = standardInputs();
  const std::string staticOnly = fixture("static.yaml");  // no runtime: nothing confirmed
  const fs::path empty = dir_ / "empty.yaml";
  writeFile(empty, "");  // what run-clang-tidy leaves when no check fired
  const fs::path emptyEvents = dir_ / "none.jsonl";
  writeFile(emptyEvents, "\n");

  auto with = [](std::vector<std::string> v, const std::string& extra) {
    v.push_back(extra);
    return v;
  };
  EXPECT_EQ(run(all).status, 1);
  EXPECT_EQ(run(with(all, "--fail-on=confirmed")).status, 1);
  EXPECT_EQ(run(with(all, "--fail-on=none")).status, 0);
  EXPECT_EQ(run(with(all, "--fail-on=any")).status, 1);
  EXPECT_EQ(run({staticOnly}).status, 0);
  EXPECT_EQ(run({staticOnly, "--fail-on=any"}).status, 1);
  EXPECT_EQ(run({fixture("runtime.jsonl"), "--fail-on=any"}).status, 1);
  Result nothing = run({empty.string(), emptyEvents.string(), "--fail-on=any"});
  EXPECT_EQ(nothing.status, 0) << nothing.err;
  EXPECT_NE(nothing.out.find("No tape-* findings."), std::string::npos) << nothing.out;
  EXPECT_NE(nothing.out.find("Summary: 0 confirmed, 0 static only, 0 runtime only"), std::string::npos);
}

TEST_F(ConfirmTest, UsageErrorsExitTwo) {
  Result none = run({});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("no input files"), std::string::npos) << none.err;

  const fs::path odd = dir_ / "findings.txt";
  writeFile(odd, "");
  Result unknownKind = run({odd.string()});
  EXPECT_EQ(unknownKind.status, 2);
  EXPECT_NE(unknownKind.err.find("findings.txt"), std::string::npos) << unknownKind.err;

  Result badOption = run({fixture("static.yaml"), "--no-such-option"});
  EXPECT_EQ(badOption.status, 2);
  EXPECT_NE(badOption.err.find("--no-such-option"), std::string::npos) << badOption.err;

  Result badValue = run({fixture("static.yaml"), "--fail-on=sometimes"});
  EXPECT_EQ(badValue.status, 2) << badValue.err;
  EXPECT_EQ(badValue.out, "");
}

TEST_F(ConfirmTest, MissingInputFileExitsTwoAndWritesNothing) {
  const std::string sarif = (dir_ / "out.sarif").string();
  Result r = run({fixture("static.yaml"), (dir_ / "missing.jsonl").string(), "--sarif", sarif});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find((dir_ / "missing.jsonl").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("No such file"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(sarif));
}

struct BadInput {
  const char* fixture;   // under fixtures/bad/
  const char* where;     // "<file>:<line>" the message must name
  const char* phrase;    // and what it must say
  friend void PrintTo(const BadInput& b, std::ostream* os) { *os << b.fixture; }
};

class ConfirmBadInputTest : public ConfirmTest, public ::testing::WithParamInterface<BadInput> {};

TEST_P(ConfirmBadInputTest, ExitsTwoNamingFileAndLineAndWritesNothing) {
  const BadInput& p = GetParam();
  const std::string bad = fixture(std::string("bad/") + p.fixture);
  const std::string sarif = (dir_ / "out.sarif").string();
  // Good inputs around the bad one: none of their findings may be printed.
  for (const char* format : {"--format=table", "--format=json"}) {
    Result r = run({fixture("static.yaml"), fixture("runtime.jsonl"), bad, "--sarif", sarif, format});
    EXPECT_EQ(r.status, 2) << format;
    EXPECT_NE(r.err.find(std::string(p.where)), std::string::npos) << "expected '" << p.where << "' in: " << r.err;
    EXPECT_NE(r.err.find(std::string(p.phrase)), std::string::npos) << "expected '" << p.phrase << "' in: " << r.err;
    EXPECT_EQ(r.err.rfind("tape-confirm: error: ", 0), 0u) << r.err;
    EXPECT_EQ(r.out, "") << format;
    EXPECT_FALSE(fs::exists(sarif)) << format;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ConfirmBadInputTest,
    ::testing::Values(
        BadInput{"malformed.jsonl", "malformed.jsonl:3: ", "malformed JSON"},
        BadInput{"missing-line.jsonl", "missing-line.jsonl:2: ", "no \"line\" field"},
        BadInput{"missing-check.jsonl", "missing-check.jsonl:1: ", "no \"check\" field"},
        BadInput{"missing-file.jsonl", "missing-file.jsonl:4: ", "no \"file\" field"},
        BadInput{"line-not-integer.jsonl", "line-not-integer.jsonl:1: ", "\"line\" must be an integer"},
        BadInput{"not-object.jsonl", "not-object.jsonl:2: ", "must be a JSON object"},
        BadInput{"malformed.yaml", "malformed.yaml:10:", "malformed export-fixes YAML"},
        BadInput{"missing-key.yaml", "missing-key.yaml:10:", "missing required key 'DiagnosticMessage'"},
        BadInput{"offset-past-end.yaml", "offset-past-end.yaml:10:", "FileOffset 99999"},
        BadInput{"missing-source.yaml", "missing-source.yaml:4:", "gone.cpp"},
        BadInput{"nested-too-deep.jsonl", "nested-too-deep.jsonl:2: ", "nested deeper than 64 levels"},
        BadInput{"nested-too-deep.yaml", "nested-too-deep.yaml:9:", "nested deeper than 64 levels"},
        BadInput{"source-not-regular.yaml", "source-not-regular.yaml:4:", "not a regular file"},
        // Each YAML document is read on its own; positions stay the file's.
        BadInput{"malformed-later-document.yaml", "malformed-later-document.yaml:20:24:",
                 "Unrecognized character"},
        BadInput{"missing-key-later-document.yaml", "missing-key-later-document.yaml:21:",
                 "missing required key 'DiagnosticMessage'"},
        BadInput{"offset-past-end-later-document.yaml", "offset-past-end-later-document.yaml:20:",
                 "FileOffset 99999"},
        BadInput{"nested-too-deep-later-document.yaml", "nested-too-deep-later-document.yaml:19:",
                 "nested deeper than 64 levels"},
        BadInput{"content-after-document-end.yaml", "content-after-document-end.yaml:10:5:",
                 "only a comment may follow the document end marker '...'"},
        BadInput{"second-root.yaml", "second-root.yaml:3:", "a second top-level node in one document"},
        BadInput{"unknown-directive.yaml", "unknown-directive.yaml:10:1:", "unknown directive '%TAPE'"}),
    [](const ::testing::TestParamInfo<BadInput>& info) {
      std::string name = info.param.fixture;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

// tape-confirm splits the export-fixes stream into its YAML documents and
// reads each on its own: LLVM 19's Input::nextDocument dereferenced null when
// a "..." was followed by an empty document at the end of the file (found by
// tape_confirm_yaml_fuzzer; fuzz/corpus/confirm_yaml/llvm-document-skip*.yaml).
// Whatever follows the "...", the first document is read.
TEST_F(ConfirmTest, AnythingEmptyAfterTheLastDocumentEndIsIgnored) {
  const std::vector<Row> expected = {{"static-only", "tape-nonpersistent-reuse", "src/train.cpp", 1}};
  for (const char* name : {"after-document-end-start.yaml", "after-document-end-tag.yaml"}) {
    Result r = run({fixture(name), "--format=json"});
    EXPECT_EQ(r.status, 0) << name << ": " << r.err;
    EXPECT_EQ(r.err, "") << name;
    EXPECT_EQ(rows(parseJson(r.out)), expected) << name;
  }
  // The same document, then other empty endings (with and without a line break).
  const std::string text = readFile(fixture("after-document-end-start.yaml"));
  const std::string firstDocument = text.substr(0, text.find("...\n") + 4);
  const std::vector<std::string> endings = {
      "", "---", "--- ", "--- # nothing\n", "!--", "!--\n", "---\n...\n", "...\n", "...",
      "---\r\n", "\n\n", "# a comment\n", "%YAML 1.2\n---\n", "--- !--\n...\n---\n", "--- &anchor\n"};
  for (const std::string& ending : endings) {
    const fs::path input = dir_ / "ending.yaml";
    writeFile(input, firstDocument + ending);
    Result r = run({input.string(), "--format=json"});
    EXPECT_EQ(r.status, 0) << "ending '" << ending << "': " << r.err;
    EXPECT_EQ(r.err, "") << "ending '" << ending << "'";
    EXPECT_EQ(rows(parseJson(r.out)), expected) << "ending '" << ending << "'";
  }
}

// Comments, directives, empty documents, documents with or without start and
// end markers, any line ending: the same findings as static.yaml and
// static2.yaml.
TEST_F(ConfirmTest, CommentsDirectivesAndEmptyDocumentsAreRead) {
  const std::string text = readFile(fixture("documents.yaml"));
  for (const std::string& lineEnd : {"\n", "\r\n", "\r"}) {
    const std::string eol = lineEnd == "\n" ? "LF" : lineEnd == "\r\n" ? "CRLF" : "CR";
    const fs::path input = dir_ / ("documents-" + eol + ".yaml");
    writeFile(input, replaceAll(text, "\n", lineEnd));
    Result r = run({input.string(), fixture("runtime.jsonl"), fixture("runtime2.jsonl"), "--format=json"});
    EXPECT_EQ(r.status, 1) << eol << ": " << r.err;
    EXPECT_EQ(r.err, "") << eol;
    EXPECT_EQ(rows(parseJson(r.out)), kStandardRows) << eol;
  }
}

// A file of empty documents has no findings, like an empty file.
TEST_F(ConfirmTest, OnlyEmptyDocumentsMeanNoFindings) {
  for (const std::string& text : {"# a comment\n", "---\n", "---\n...\n", "...\n", "%YAML 1.2\n---\n...\n",
                                  "--- # one\n--- # two\n"}) {
    const fs::path input = dir_ / "empty.yaml";
    writeFile(input, text);
    Result r = run({input.string(), "--fail-on=any"});
    EXPECT_EQ(r.status, 0) << "'" << text << "': " << r.err;
    EXPECT_EQ(r.err, "") << "'" << text << "'";
    EXPECT_NE(r.out.find("No tape-* findings."), std::string::npos) << r.out;
  }
}

// Line numbers count the file's lines whatever its line ends ("\r\n" here).
TEST_F(ConfirmTest, ErrorLinesInLaterDocumentsWithCrlf) {
  struct Case {
    const char* fixture;
    const char* where;
  };
  for (const Case& c : {Case{"bad/missing-key-later-document.yaml", "missing-key-later-document.yaml:21:5: "},
                        Case{"bad/malformed-later-document.yaml", "malformed-later-document.yaml:20:24: "},
                        Case{"bad/offset-past-end-later-document.yaml", "offset-past-end-later-document.yaml:20: "}}) {
    const fs::path input = fixture(c.fixture);
    writeFile(input, replaceAll(readFile(input), "\n", "\r\n"));
    Result r = run({input.string()});
    EXPECT_EQ(r.status, 2) << c.fixture;
    EXPECT_NE(r.err.find(c.where), std::string::npos) << "expected '" << c.where << "' in: " << r.err;
  }
}

// Nesting that once overflowed the stack of LLVM's recursive JSON and YAML
// readers (found by reasoning about tape_confirm_*_fuzzer, 200,000 levels
// here): a clear error, exit status 2, no crash. The YAML cases cover flow
// collections ([[[...) and block sequences (- - - ...).
TEST_F(ConfirmTest, DeeplyNestedInputsAreRejectedWithoutCrashing) {
  const std::size_t depth = 200000;
  struct Case {
    std::string name;
    std::string text;
    std::string where;
  };
  const std::vector<Case> cases = {
      {"deep.jsonl",
       "{\"check\":\"tape-x\",\"file\":\"f.cpp\",\"line\":1}\n" + std::string(depth, '[') +
           std::string(depth, ']') + "\n",
       "deep.jsonl:2: "},
      {"deep-flow.yaml", "Diagnostics: " + std::string(depth, '[') + std::string(depth, ']') + "\n",
       "deep-flow.yaml:1:"},
      {"deep-block.yaml", "MainSourceFile: x\nDiagnostics:\n" + [&] {
         std::string dashes;
         for (std::size_t i = 0; i < depth; ++i) dashes += "- ";
         return dashes + "x\n";
       }(),
       "deep-block.yaml:3:"},
  };
  for (const Case& c : cases) {
    const fs::path input = dir_ / c.name;
    writeFile(input, c.text);
    Result r = run({input.string(), "--format=json"});
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.err.substr(0, 400);
    EXPECT_NE(r.err.find(c.where), std::string::npos) << c.name << ": " << r.err.substr(0, 400);
    EXPECT_NE(r.err.find("nested deeper than 64 levels"), std::string::npos) << c.name << ": " << r.err.substr(0, 400);
    EXPECT_EQ(r.err.find("Stack dump"), std::string::npos) << c.name;
    EXPECT_EQ(r.out, "") << c.name;
  }
}

// The real clang-tidy's --export-fixes output (not a hand-written imitation)
// parses, and its offsets land on the right line. A stock check stands in for
// a tape-* one: its name is rewritten, the format is untouched.
TEST_F(ConfirmTest, ReadsRealClangTidyExportFixes) {
  const std::string clangTidy = TAPE_CONFIRM_CLANG_TIDY;
  if (clangTidy.empty() || !fs::exists(clangTidy)) GTEST_SKIP() << "no clang-tidy found at configure time";
  const fs::path src = dir_ / "prog.cpp";
  writeFile(src,
            "// line 1\n"
            "int f(int x) {\n"
            "  int* p = 0;\n"  // line 3: modernize-use-nullptr
            "  return x + (p != nullptr);\n"
            "}\n");
  const fs::path yaml = dir_ / "fixes.yaml";
  const std::string cmd = shellQuote(clangTidy) + " --quiet --checks=-*,modernize-use-nullptr " +
                          shellQuote(src.string()) + " --export-fixes=" + shellQuote(yaml.string()) +
                          " -- -std=c++20 >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string text = readFile(yaml);
  ASSERT_NE(text.find("modernize-use-nullptr"), std::string::npos) << text;
  writeFile(yaml, replaceAll(text, "modernize-use-nullptr", "tape-use-after-release"));
  const fs::path events = dir_ / "events.jsonl";
  writeFile(events, "{\"check\":\"tape-use-after-release\",\"file\":\"" + src.string() +
                        "\",\"line\":3,\"column\":3,\"message\":\"gradient() on a released tape\"}\n");
  Result r = run({yaml.string(), events.string(), "--format=json"});
  EXPECT_EQ(r.status, 1) << r.err;
  llvm::json::Value report = parseJson(r.out);
  const llvm::json::Array* findings = report.getAsObject()->getArray("findings");
  ASSERT_EQ(findings->size(), 1u) << r.out;
  const llvm::json::Object* f = (*findings)[0].getAsObject();
  EXPECT_EQ(f->getString("state"), "confirmed");
  EXPECT_EQ(f->getInteger("line"), 3);
  EXPECT_EQ(f->getInteger("column"), 12);  // the '0' of "int* p = 0;"
}

}  // namespace
