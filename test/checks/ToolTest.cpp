// Tests of the built programs: tape-tidy (registration, options, resource
// directory), the plugin in a stock clang-tidy, and a large real file that
// does not use the library (googletest's gtest.cc).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <tape/check_names.hpp>

#include "TidyRunner.h"

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace {

struct Result {
  int Status = -1;
  std::string Output;  // stdout and stderr
};

Result shell(const std::string& Command) {
  Result R;
  FILE* P = popen((Command + " 2>&1").c_str(), "r");
  if (!P) return R;
  std::array<char, 4096> Buffer;
  size_t N;
  while ((N = fread(Buffer.data(), 1, Buffer.size(), P)) > 0) R.Output.append(Buffer.data(), N);
  int Raw = pclose(P);
  R.Status = WIFEXITED(Raw) ? WEXITSTATUS(Raw) : -1;
  return R;
}

std::string quote(const std::string& S) { return "'" + S + "'"; }

// A file in the build directory for the programs to read.
std::string writeFile(const std::string& Name, const std::string& Text) {
  std::string Path = std::string(TAPE_TEST_WORKDIR) + "/" + Name;
  std::ofstream(Path) << Text;
  return Path;
}

const std::string ReuseCase =
    "#include <tape/tape.hpp>\n"
    "int main() {\n"
    "  tape::Variable x(3.0);\n"
    "  tape::GradientTape tape;\n"
    "  tape::Tensor y;\n"
    "  { auto scope = tape.record(); y = x * x; }\n"
    "  auto a = tape.gradient(y, x);\n"
    "  auto b = tape.gradient(y, x);\n"  // line 8
    "  return 0;\n}\n";

std::string name(std::string_view N) { return std::string(N); }

TEST(TapeTidy, ListsTheLifecycleChecks) {
  Result R = shell(quote(TAPE_TIDY_EXE) + " --checks=-*,tape-* --list-checks");
  ASSERT_EQ(R.Status, 0) << R.Output;
  for (std::string_view Check : {tape::checks::nonpersistent_reuse, tape::checks::use_after_release,
                                 tape::checks::persistent_not_released, tape::checks::gradient_in_scope})
    EXPECT_THAT(R.Output, HasSubstr("    " + name(Check) + "\n"));
}

TEST(TapeTidy, StoresAndReadsCheckOptions) {
  const std::string Config =
      "{CheckOptions: {tape-persistent-not-released.ReleaseFunctions: \"::lib::finish;done\", "
      "tape-gradient-in-scope.HelperDepth: 5}}";
  Result R = shell(quote(TAPE_TIDY_EXE) + " --checks=-*,tape-* --config=" + quote(Config) + " --dump-config");
  ASSERT_EQ(R.Status, 0) << R.Output;
  EXPECT_THAT(R.Output, HasSubstr("tape-persistent-not-released.ReleaseFunctions: '::lib::finish;done'"));
  EXPECT_THAT(R.Output, HasSubstr("tape-gradient-in-scope.HelperDepth: '5'"));
  // Defaults are written too.
  EXPECT_THAT(R.Output, HasSubstr("tape-nonpersistent-reuse.HelperDepth: '3'"));
  EXPECT_THAT(R.Output, HasSubstr("tape-use-after-release.HelperDepth: '3'"));
  EXPECT_THAT(R.Output, HasSubstr("tape-persistent-not-released.IgnoreSystemMacroExits: 'true'"));
}

TEST(TapeTidy, FindsACaseAndHonoursNolintOnTheCommandLineTool) {
  std::string Path = writeFile("tool_reuse_case.cpp", ReuseCase);
  std::string Args = " -- -std=c++20 -I" + quote(TAPE_RUNTIME_INCLUDE);
  Result R = shell(quote(TAPE_TIDY_EXE) + " --checks=-*,tape-* " + quote(Path) + Args);
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_THAT(R.Output, HasSubstr("tool_reuse_case.cpp:8:"));
  EXPECT_THAT(R.Output, HasSubstr("[tape-nonpersistent-reuse]"));

  std::string Silenced = ReuseCase;
  Silenced.replace(Silenced.find("(y, x);\n  return"), 8, "(y, x);  // NOLINT\n");
  Path = writeFile("tool_reuse_nolint.cpp", Silenced);
  R = shell(quote(TAPE_TIDY_EXE) + " --checks=-*,tape-* " + quote(Path) + Args);
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_THAT(R.Output, Not(HasSubstr("[tape-nonpersistent-reuse]")));
  EXPECT_THAT(R.Output, HasSubstr("NOLINT"));  // "Suppressed 1 warnings (1 NOLINT)"
}

TEST(TapeTidy, PassesItsResourceDirectoryFirstSoUsersCanOverride) {
  std::string Path = writeFile("tool_resource_dir.cpp", "#include <stddef.h>\nsize_t n;\n");
  Result Default = shell(quote(TAPE_TIDY_EXE) + " --checks=-*,tape-* --extra-arg=-v " + quote(Path) + " --");
  ASSERT_EQ(Default.Status, 0) << Default.Output;
  EXPECT_THAT(Default.Output, HasSubstr(std::string("\"-resource-dir\" \"") + TAPE_CLANG_RESOURCE_DIR + "\""));
  Result Override = shell(quote(TAPE_TIDY_EXE) + " --checks=-*,tape-* --extra-arg=-v " + quote(Path) +
                          " -- -resource-dir=/nonexistent/resource");
  EXPECT_THAT(Override.Output, HasSubstr("\"-resource-dir\" \"/nonexistent/resource\""));
  EXPECT_THAT(Override.Output, Not(HasSubstr(std::string("\"-resource-dir\" \"") + TAPE_CLANG_RESOURCE_DIR)));
}

TEST(Plugin, LoadsIntoStockClangTidyAndFindsACase) {
  ASSERT_STRNE(TAPE_STOCK_CLANG_TIDY, "") << "no stock clang-tidy found at configure time";
  std::string Path = writeFile("plugin_reuse_case.cpp", ReuseCase);
  std::string Args = " -- -std=c++20 -I" + quote(TAPE_RUNTIME_INCLUDE);
  Result R = shell(quote(TAPE_STOCK_CLANG_TIDY) + " --load=" + quote(TAPE_TIDY_PLUGIN) +
                   " --checks=-*,tape-nonpersistent-reuse " + quote(Path) + Args);
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_THAT(R.Output, HasSubstr("plugin_reuse_case.cpp:8:"));
  EXPECT_THAT(R.Output, HasSubstr("[tape-nonpersistent-reuse]"));
  // Without the plugin the stock tool knows no such check.
  Result Without = shell(quote(TAPE_STOCK_CLANG_TIDY) + " --checks=-*,tape-nonpersistent-reuse " + quote(Path) + Args);
  EXPECT_THAT(Without.Output, Not(HasSubstr("[tape-nonpersistent-reuse]")));
}

const std::string GTestRoot = "/usr/src/googletest/googletest";

std::vector<std::string> gtestArgs() {
  return {"-std=c++20", "-I" + GTestRoot + "/include", "-I" + GTestRoot,
          std::string("-I") + TAPE_RUNTIME_INCLUDE};
}

TEST(LargeRealFile, GTestSourceProducesNoFindingAndParses) {
  const std::string Path = GTestRoot + "/src/gtest.cc";
  ASSERT_TRUE(std::ifstream(Path).good()) << Path << " is missing (Debian package googletest)";
  std::vector<tapetest::Finding> Fs = tapetest::runChecksOnFile(Path, gtestArgs(), "-*,tape-*");
  for (const tapetest::Finding& F : Fs) {
    EXPECT_NE(F.Check.rfind("tape-", 0), 0u) << F.File << ":" << F.Line << ": " << F.Message;
    EXPECT_NE(F.Check, "clang-diagnostic-error") << F.File << ":" << F.Line << ": " << F.Message;
  }
}

TEST(LargeRealFile, GTestSourceWithTapeCodeAppendedFindsOnlyTheAppendedMisuse) {
  // The identifier filter passes here, so every gtest function is scanned.
  const std::string Code = "#include \"" + GTestRoot + "/src/gtest.cc\"\n" +
                           "#include <tape/tape.hpp>\n"
                           "void tape_use() {\n"
                           "  tape::Variable x(3.0);\n"
                           "  tape::GradientTape tape;\n"
                           "  tape::Tensor y;\n"
                           "  { auto scope = tape.record(); y = x * x; }\n"
                           "  auto a = tape.gradient(y, x);\n"
                           "  auto b = tape.gradient(y, x);  // SECOND\n"
                           "}\n";
  tapetest::RunOptions O;
  O.ExtraArgs = {"-I" + GTestRoot + "/include", "-I" + GTestRoot};
  O.FileName = "gtest_plus_tape.cpp";
  std::vector<tapetest::Finding> Fs = tapetest::runChecks(Code, O);
  std::vector<std::string> Tape;
  for (const tapetest::Finding& F : Fs) {
    EXPECT_NE(F.Check, "clang-diagnostic-error") << F.File << ":" << F.Line << ": " << F.Message;
    if (F.Check.rfind("tape-", 0) == 0) Tape.push_back(F.File + ":" + std::to_string(F.Line) + ":" + F.Check);
  }
  EXPECT_THAT(Tape, ::testing::ElementsAre(":" + std::to_string(tapetest::lineOf(Code, "SECOND")) +
                                           ":tape-nonpersistent-reuse"));
}

}  // namespace
