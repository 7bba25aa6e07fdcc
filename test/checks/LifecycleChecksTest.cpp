// In-process tests of the four lifecycle checks: tape-nonpersistent-reuse,
// tape-use-after-release, tape-persistent-not-released, tape-gradient-in-scope.
// Each test runs clang-tidy (runClangTidy) on a small translation unit and
// compares the (line, check) findings and, where it matters, their notes and
// fix-its. Shapes whose runtime behaviour cannot be made to match the static
// half (and so cannot be corpus cases) are covered here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <tape/check_names.hpp>

#include "TidyRunner.h"

using tapetest::Finding;
using tapetest::lineChecks;
using tapetest::lineOf;
using tapetest::RunOptions;
using tapetest::runChecks;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

// The names, from the header both halves share.
const std::string Reuse(tape::checks::nonpersistent_reuse);
const std::string AfterRelease(tape::checks::use_after_release);
const std::string NotReleased(tape::checks::persistent_not_released);
const std::string InScope(tape::checks::gradient_in_scope);

std::string at(unsigned Line, const std::string& Check) { return std::to_string(Line) + ":" + Check; }

// Only our four checks (the dataflow checks have their own tests).
RunOptions lifecycle() {
  RunOptions O;
  O.Checks = "-*,tape-nonpersistent-reuse,tape-use-after-release,tape-persistent-not-released,"
             "tape-gradient-in-scope";
  return O;
}

std::vector<std::string> run(const std::string& Code, RunOptions O = lifecycle()) {
  return lineChecks(runChecks(Code, O));
}

const Finding* find(const std::vector<Finding>& Fs, const std::string& Check) {
  for (const Finding& F : Fs)
    if (F.Check == Check) return &F;
  return nullptr;
}

// A recorded target y = x * x on tape `T`.
std::string recorded(const std::string& T) {
  return "  tape::Tensor y;\n  { auto scope = " + T + ".record(); y = x * x; }\n";
}

//===----------------------------------------------------------------------===//
// tape-nonpersistent-reuse
//===----------------------------------------------------------------------===//

TEST(NonpersistentReuse, SecondCallIsFlaggedWithNoteAtFirst) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  auto a = t.gradient(y, x);\n"
                           "  auto b = t.gradient(y, x);\n}\n";
  std::vector<Finding> Fs = runChecks(Code, lifecycle());
  ASSERT_THAT(lineChecks(Fs), ElementsAre(at(lineOf(Code, "auto b"), Reuse)));
  const Finding* F = find(Fs, Reuse);
  EXPECT_THAT(F->Message, HasSubstr("second gradient() on non-persistent tape 't'"));
  ASSERT_EQ(F->Notes.size(), 1u);
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "auto a"));
  EXPECT_THAT(F->Notes[0].Message, HasSubstr("first gradient()"));
}

TEST(NonpersistentReuse, ExclusiveBranchesAreSilent) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f(int c) {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  if (c) { auto a = t.gradient(y, x); } else { auto b = t.gradient(y, x); }\n"
                           "  switch (c) { case 0: t.gradient(y, x); break; default: t.gradient(y, x); }\n}\n";
  // The switch follows the if: every path runs one gradient() in each, so
  // both of the switch's calls are flagged and the if's are not.
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "switch"), Reuse), at(lineOf(Code, "switch"), Reuse)));
}

TEST(NonpersistentReuse, LoopOverOuterTapeFlagsTheCallItself) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f(int n) {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  for (int i = 0; i < n; ++i) {\n"
                           "    auto g = t.gradient(y, x);\n  }\n}\n";
  std::vector<Finding> Fs = runChecks(Code, lifecycle());
  ASSERT_THAT(lineChecks(Fs), ElementsAre(at(lineOf(Code, "auto g"), Reuse)));
  EXPECT_THAT(find(Fs, Reuse)->Notes.at(0).Message, HasSubstr("earlier iteration"));
}

TEST(NonpersistentReuse, TapeMadeInsideTheLoopIsSilent) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f(int n) {\n  tape::Variable x(1.0);\n"
                           "  for (int i = 0; i < n; ++i) {\n"
                           "    tape::GradientTape t;\n" +
                           recorded("t") + "    auto g = t.gradient(y, x);\n  }\n}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(NonpersistentReuse, WhileTrueWithBreakAfterGradientIsSilent) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  while (true) { auto g = t.gradient(y, x); break; }\n}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

const std::string HelperCode =
    "#include <tape/tape.hpp>\n"
    "bool grad(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {\n"
    "  return t.gradient(y, x).has_value();  // HELPER\n"
    "}\n"
    "void f() {\n  tape::Variable x(1.0);\n  tape::GradientTape t;\n" +
    recorded("t") +
    "  grad(t, y, x);\n"
    "  grad(t, y, x);  // SECOND\n}\n";

TEST(NonpersistentReuse, HelperSummaryReportsInsideTheHelper) {
  std::vector<Finding> Fs = runChecks(HelperCode, lifecycle());
  ASSERT_THAT(lineChecks(Fs), ElementsAre(at(lineOf(HelperCode, "HELPER"), Reuse)));
  // Notes: reached through the second call; first gradient, reached through
  // the first call.
  const Finding* F = find(Fs, Reuse);
  std::vector<unsigned> NoteLines;
  for (const auto& N : F->Notes) NoteLines.push_back(N.Line);
  EXPECT_THAT(NoteLines, ElementsAre(lineOf(HelperCode, "SECOND"), lineOf(HelperCode, "HELPER"),
                                     lineOf(HelperCode, "grad(t, y, x);")));
}

TEST(NonpersistentReuse, HelperDepthZeroTreatsHelpersAsOpaque) {
  RunOptions O = lifecycle();
  O.CheckOptions["tape-nonpersistent-reuse.HelperDepth"] = "0";
  EXPECT_THAT(run(HelperCode, O), IsEmpty());
  O.CheckOptions["tape-nonpersistent-reuse.HelperDepth"] = "1";
  EXPECT_THAT(run(HelperCode, O), ElementsAre(at(lineOf(HelperCode, "HELPER"), Reuse)));
}

TEST(NonpersistentReuse, HelperWithoutVisibleBodyStopsTheAnalysis) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid opaque(tape::GradientTape&);\n"
                           "void f() {\n  tape::Variable x(1.0);\n  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  auto a = t.gradient(y, x);\n  opaque(t);\n  auto b = t.gradient(y, x);\n}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(NonpersistentReuse, LambdaCalledTwiceOnceAndEscaping) {
  const std::string Code =
      "#include <tape/tape.hpp>\n#include <functional>\n"
      "void take(std::function<void()>);\n"
      "void f() {\n  tape::Variable x(1.0);\n"
      "  tape::GradientTape a, b, c;\n"
      "  tape::Tensor y;\n"
      "  { auto s1 = a.record(); auto s2 = b.record(); auto s3 = c.record(); y = x * x; }\n"
      "  auto twice = [&] { a.gradient(y, x); };  // TWICE\n"
      "  twice(); twice();\n"
      "  auto once = [&] { b.gradient(y, x); };\n"
      "  once();\n"
      "  take([&] { c.gradient(y, x); });\n"
      "  c.gradient(y, x);\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "TWICE"), Reuse)));
}

TEST(NonpersistentReuse, ImmediatelyInvokedLambda) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  [&] { t.gradient(y, x); }();\n"
                           "  t.gradient(y, x);  // SECOND\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "SECOND"), Reuse)));
}

TEST(NonpersistentReuse, LambdaCallingALambda) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  auto inner = [&] { t.gradient(y, x); };  // INNER\n"
                           "  auto outer = [&] { inner(); };\n"
                           "  outer();\n  outer();\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "INNER"), Reuse)));
}

TEST(NonpersistentReuse, VirtualHelpersAreOpaqueFinalOnesAreNot) {
  const std::string Code =
      "#include <tape/tape.hpp>\n"
      "struct Step { virtual void run(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {\n"
      "    t.gradient(y, x); } };\n"
      "struct Final final : Step { void run(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) "
      "override {\n    t.gradient(y, x);  // FINAL\n  } };\n"
      "void f(Step& s, Final& fs) {\n  tape::Variable x(1.0);\n  tape::GradientTape a, b;\n"
      "  tape::Tensor y;\n  { auto s1 = a.record(); auto s2 = b.record(); y = x * x; }\n"
      "  s.run(a, y, x); s.run(a, y, x);\n"
      "  fs.run(b, y, x); fs.run(b, y, x);\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "FINAL"), Reuse)));
}

TEST(NonpersistentReuse, PersistentAndUnknownPersistenceAreSilent) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f(bool p) {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t({.persistent = true});\n"
                           "  tape::GradientTape u({.persistent = p});\n"
                           "  tape::TapeOptions o; o.persistent = true;\n"
                           "  tape::GradientTape v(o);\n"
                           "  tape::Tensor y;\n"
                           "  { auto a = t.record(); auto b = u.record(); auto c = v.record(); y = x * x; }\n"
                           "  t.gradient(y, x); t.gradient(y, x); t.release();\n"
                           "  u.gradient(y, x); u.gradient(y, x); u.release();\n"
                           "  v.gradient(y, x); v.gradient(y, x); v.release();\n}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(NonpersistentReuse, ExplicitNonPersistentOptionsAreKnown) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  const tape::TapeOptions opts{.persistent = false};\n"
                           "  tape::GradientTape t(opts);\n" +
                           recorded("t") + "  t.gradient(y, x);\n  t.gradient(y, x);  // SECOND\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "SECOND"), Reuse)));
}

TEST(NonpersistentReuse, UseAfterReleaseTakesPriority) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  t.gradient(y, x);\n  t.release();\n  t.gradient(y, x);  // LAST\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "LAST"), AfterRelease)));
}

TEST(NonpersistentReuse, MoveAssignmentGivesAFreshTape) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t;\n" +
                           recorded("t") +
                           "  t.gradient(y, x);\n  t = tape::GradientTape();\n"
                           "  { auto again = t.record(); y = x * x; }\n"
                           "  t.gradient(y, x);\n}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(NonpersistentReuse, RecursiveHelperTerminatesAndStaysSound) {
  const std::string Code =
      "#include <tape/tape.hpp>\n"
      "void rec(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x, int n) {\n"
      "  if (n > 0) rec(t, y, x, n - 1);\n"
      "  t.gradient(y, x);\n}\n"
      "void f() {\n  tape::Variable x(1.0);\n  tape::GradientTape t;\n" +
      recorded("t") + "  rec(t, y, x, 3);\n}\n";
  // A recursive helper is opaque to its own summary: no finding, no hang.
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(NonpersistentReuse, TemplateInstantiatedTwiceReportsOnce) {
  const std::string Code =
      "#include <tape/tape.hpp>\n"
      "template <class T> void twice(const T& y, const tape::Variable& x) {\n"
      "  tape::GradientTape t;\n"
      "  { auto s = t.record(); auto z = y * x; t.gradient(z, x); t.gradient(z, x); }  // LINE\n"
      "}\n"
      "void f() { tape::Variable x(1.0); twice(tape::Tensor(2.0), x); twice(x, x); }\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "LINE"), Reuse)));
}

//===----------------------------------------------------------------------===//
// Recognising the runtime's types
//===----------------------------------------------------------------------===//

TEST(TapeModel, AliasesAutoReferencesAndPointersAreRecognised) {
  const std::string Code =
      "#include <tape/tape.hpp>\n"
      "namespace tp = tape;\n"
      "using Tape = tp::GradientTape;\n"
      "typedef Tape OldStyle;\n"
      "void f() {\n  tp::Variable x(1.0);\n"
      "  auto t = Tape();\n"
      "  OldStyle& r = t;\n"
      "  const auto& cr = r;\n"
      "  auto* p = &t;\n"
      "  Tape* const q = p;\n"
      "  tp::Tensor y;\n  { auto s = (*p).record(); y = x * x; }\n"
      "  r.gradient(y, x);\n"
      "  q->gradient(y, x);  // SECOND\n"
      "  (void)cr.persistent();\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "SECOND"), Reuse)));
}

TEST(TapeModel, APointerThatIsReassignedIsNotFollowed) {
  const std::string Code =
      "#include <tape/tape.hpp>\n"
      "void f() {\n  tape::Variable x(1.0);\n"
      "  tape::GradientTape a, b;\n"
      "  tape::Tensor y;\n  { auto s = a.record(); auto s2 = b.record(); y = x * x; }\n"
      "  tape::GradientTape* p = &a;\n"
      "  p->gradient(y, x);\n"
      "  p = &b;\n"
      "  p->gradient(y, x);\n}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(TapeModel, AClassNamedGradientTapeElsewhereIsIgnored) {
  const std::string Code =
      "namespace other { struct GradientTape { int gradient(int, int) { return 0; } void release() {} }; }\n"
      "namespace tape { namespace inner { struct GradientTape { int gradient(int, int) { return 0; } }; } }\n"
      "void f() {\n  other::GradientTape t; t.gradient(1, 2); t.gradient(1, 2);\n"
      "  tape::inner::GradientTape u; u.gradient(1, 2); u.gradient(1, 2);\n}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

//===----------------------------------------------------------------------===//
// tape-use-after-release
//===----------------------------------------------------------------------===//

TEST(UseAfterRelease, FlagsEveryGradientAfterReleaseWithNote) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t({.persistent = true});\n" +
                           recorded("t") +
                           "  t.gradient(y, x);\n  t.release();  // RELEASE\n"
                           "  t.gradient(y, x);  // ONE\n  t.gradient(y, x);  // TWO\n}\n";
  std::vector<Finding> Fs = runChecks(Code, lifecycle());
  ASSERT_THAT(lineChecks(Fs),
              ElementsAre(at(lineOf(Code, "ONE"), AfterRelease), at(lineOf(Code, "TWO"), AfterRelease)));
  EXPECT_EQ(find(Fs, AfterRelease)->Notes.at(0).Line, lineOf(Code, "RELEASE"));
}

TEST(UseAfterRelease, ConditionalReleaseIsEnough) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f(bool c) {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t({.persistent = true});\n" +
                           recorded("t") +
                           "  if (c) t.release();\n  t.gradient(y, x);  // AFTER\n  t.release();\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "AFTER"), AfterRelease)));
}

TEST(UseAfterRelease, ParameterOfUnknownPersistenceIsStillChecked) {
  const std::string Code = "#include <tape/tape.hpp>\n"
                           "void f(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {\n"
                           "  t.release();\n  t.gradient(y, x);  // AFTER\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "AFTER"), AfterRelease)));
}

TEST(UseAfterRelease, ReleaseLastAndReassignmentAreSilent) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t({.persistent = true});\n" +
                           recorded("t") +
                           "  t.gradient(y, x);\n  t.release();\n"
                           "  t = tape::GradientTape({.persistent = true});\n"
                           "  { auto s = t.record(); y = x * x; }\n"
                           "  t.gradient(y, x);\n  t.release();\n}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(UseAfterRelease, ReleaseInsideLoopReachesTheNextIteration) {
  // Not a corpus case: at run time the release happens in the last iteration
  // only, after which no gradient() runs. The analysis does not count
  // iterations; the finding is documented as a known imprecision.
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t({.persistent = true});\n" +
                           recorded("t") +
                           "  for (int i = 0; i < 3; ++i) {\n"
                           "    t.gradient(y, x);  // GRAD\n"
                           "    if (i == 2) t.release();\n  }\n  t.release();\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "GRAD"), AfterRelease)));
}

//===----------------------------------------------------------------------===//
// tape-persistent-not-released
//===----------------------------------------------------------------------===//

TEST(PersistentNotReleased, FlagsDeclarationAndNotesTheReturn) {
  const std::string Code = "#include <tape/tape.hpp>\nbool f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t({.persistent = true});  // DECL\n" +
                           recorded("t") +
                           "  auto g = t.gradient(y, x);  // LAST USE\n"
                           "  bool ok = g.has_value();\n"
                           "  return ok;\n}\n";
  std::vector<Finding> Fs = runChecks(Code, lifecycle());
  ASSERT_THAT(lineChecks(Fs), ElementsAre(at(lineOf(Code, "DECL"), NotReleased)));
  const Finding* F = find(Fs, NotReleased);
  EXPECT_THAT(F->Message, HasSubstr("call t.release()"));
  // The return statement is the jump that ends the tape's life.
  ASSERT_EQ(F->Notes.size(), 1u);
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "return ok"));
  // The block is left through a return: inserting release() is not
  // mechanical there (the returned value might need the tape), no fix.
  EXPECT_THAT(F->Fixes, IsEmpty());
}

TEST(PersistentNotReleased, FixItInsertsReleaseAfterLastUse) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f(bool c) {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t({.persistent = true});\n" +
                           recorded("t") +
                           "  if (c) {\n    auto g = t.gradient(y, x);\n  }\n"
                           "  int unrelated = 0;\n  (void)unrelated;\n}\n";
  std::vector<Finding> Fs = runChecks(Code, lifecycle());
  ASSERT_THAT(lineChecks(Fs), ElementsAre(at(lineOf(Code, "GradientTape t("), NotReleased)));
  const Finding* F = find(Fs, NotReleased);
  ASSERT_EQ(F->Fixes.size(), 1u);
  EXPECT_EQ(F->Fixes[0].Text, "\n  t.release();");
  const std::string Fixed = tapetest::applyFixes(Code, Fs);
  EXPECT_THAT(Fixed, HasSubstr("  }\n  t.release();\n  int unrelated"));
  EXPECT_THAT(run(Fixed), IsEmpty());
}

TEST(PersistentNotReleased, EarlyReturnBreakContinueAndThrowLeak) {
  const std::string Code =
      "#include <tape/tape.hpp>\n#include <stdexcept>\n"
      "void a(bool c) { tape::GradientTape t({.persistent = true});  // A\n"
      "  if (c) return;\n  t.release(); }\n"
      "void b(int n) { for (int i = 0; i < n; ++i) { tape::GradientTape t({.persistent = true});  // B\n"
      "  if (i == 1) break; t.release(); } }\n"
      "void c(int n) { for (int i = 0; i < n; ++i) { tape::GradientTape t({.persistent = true});  // C\n"
      "  if (i == 1) continue; t.release(); } }\n"
      "void d(bool c) { tape::GradientTape t({.persistent = true});  // D\n"
      "  if (c) throw std::runtime_error(\"x\");\n  t.release(); }\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "// A"), NotReleased), at(lineOf(Code, "// B"), NotReleased),
                                     at(lineOf(Code, "// C"), NotReleased), at(lineOf(Code, "// D"), NotReleased)));
}

TEST(PersistentNotReleased, ExceptionTypesDecideWhereAThrowGoes) {
  const std::string Code =
      "#include <tape/tape.hpp>\n#include <stdexcept>\n"
      "struct Base {}; struct Derived : Base {};\n"
      "void caught(bool c) { tape::GradientTape t({.persistent = true});\n"
      "  try { if (c) throw Derived(); } catch (const Base&) {}\n  t.release(); }\n"
      "void uncaught(bool c) { tape::GradientTape t({.persistent = true});  // UNCAUGHT\n"
      "  try { if (c) throw 42; } catch (const std::exception&) {}\n  t.release(); }\n"
      "void inside(bool c) { try { tape::GradientTape t({.persistent = true});  // INSIDE\n"
      "  if (c) throw 1; t.release(); } catch (int) {} }\n"
      "void shadowed(bool c) { tape::GradientTape t({.persistent = true});\n"
      "  try { if (c) throw Derived(); } catch (const Base&) {} catch (const Derived&) { return; }\n"
      "  t.release(); }\n";
  std::vector<Finding> Fs = runChecks(Code, lifecycle());
  EXPECT_THAT(lineChecks(Fs),
              ElementsAre(at(lineOf(Code, "UNCAUGHT"), NotReleased), at(lineOf(Code, "INSIDE"), NotReleased)));
  for (const Finding& F : Fs) {
    ASSERT_EQ(F.Notes.size(), 1u);
    EXPECT_THAT(F.Notes[0].Message, HasSubstr("exception"));
  }
}

TEST(PersistentNotReleased, NoReturnCallsAreNoLeak) {
  const std::string Code = "#include <tape/tape.hpp>\n#include <cstdlib>\n"
                           "void f(bool c) { tape::GradientTape t({.persistent = true});\n"
                           "  if (c) std::abort();\n  t.release(); }\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(PersistentNotReleased, EscapingTapesAreNotFlagged) {
  const std::string Code =
      "#include <tape/tape.hpp>\n#include <functional>\n#include <utility>\n#include <vector>\n"
      "void opaque(tape::GradientTape&);\n"
      "tape::GradientTape* kept;\n"
      "std::vector<tape::GradientTape> store;\n"
      "struct Holder { tape::GradientTape& t; };\n"
      "tape::GradientTape returned() { tape::GradientTape t({.persistent = true}); return t; }\n"
      "void moved() { tape::GradientTape t({.persistent = true}); store.push_back(std::move(t)); }\n"
      "void address() { tape::GradientTape t({.persistent = true}); kept = &t; }\n"
      "void passed() { tape::GradientTape t({.persistent = true}); opaque(t); }\n"
      "void member() { tape::GradientTape t({.persistent = true}); Holder h{t}; (void)h; }\n"
      "void lambda_escapes() { tape::GradientTape t({.persistent = true});\n"
      "  std::function<void()> f = [&] { t.release(); }; f(); }\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(PersistentNotReleased, HelpersThatReleaseOnEveryPathCount) {
  const std::string Code =
      "#include <tape/tape.hpp>\n"
      "void always(tape::GradientTape& t) { t.release(); }\n"
      "void sometimes(tape::GradientTape& t, bool c) { if (c) t.release(); }\n"
      "void a() { tape::GradientTape t({.persistent = true}); always(t); }\n"
      "void b(bool c) { tape::GradientTape t({.persistent = true});  // B\n  sometimes(t, c); }\n"
      "void c() { tape::GradientTape t({.persistent = true}); auto done = [&t] { t.release(); }; done(); }\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "// B"), NotReleased)));
}

TEST(PersistentNotReleased, PersistenceFromConstantsAndUnmodifiedVariables) {
  const std::string Code =
      "#include <tape/tape.hpp>\n"
      "constexpr tape::TapeOptions kKeep{.persistent = true};\n"
      "constexpr tape::TapeOptions keep() { return {.persistent = true}; }\n"
      "void a() { tape::GradientTape t(kKeep); }  // A\n"
      "void b() { tape::GradientTape t(keep()); }  // B\n"
      "void c() { tape::TapeOptions o{true}; tape::GradientTape t(o); }  // C\n"
      "void d() { tape::TapeOptions o{true}; o.persistent = false; tape::GradientTape t(o); }\n"
      "void e() { tape::GradientTape t(tape::TapeOptions{.watch_accessed_variables = false}); }\n"
      "void g() { auto t = tape::GradientTape(tape::TapeOptions{.persistent = true}); }  // G\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "// A"), NotReleased), at(lineOf(Code, "// B"), NotReleased),
                                     at(lineOf(Code, "// C"), NotReleased), at(lineOf(Code, "// G"), NotReleased)));
}

const std::string FinishCode =
    "#include <tape/tape.hpp>\n"
    "namespace train { void finish(tape::GradientTape& t) { (void)t.persistent(); } }\n"
    "void f() {\n  tape::GradientTape t({.persistent = true});  // DECL\n  train::finish(t);\n}\n";

TEST(PersistentNotReleased, ReleaseFunctionsOptionNamesReleasingFunctions) {
  EXPECT_THAT(run(FinishCode), ElementsAre(at(lineOf(FinishCode, "DECL"), NotReleased)));
  for (const char* Spelling : {"train::finish", "::train::finish", "finish", "other; finish ;x"}) {
    RunOptions O = lifecycle();
    O.CheckOptions["tape-persistent-not-released.ReleaseFunctions"] = Spelling;
    EXPECT_THAT(run(FinishCode, O), IsEmpty()) << Spelling;
  }
  RunOptions O = lifecycle();
  O.CheckOptions["tape-persistent-not-released.ReleaseFunctions"] = "::other::finish";
  EXPECT_THAT(run(FinishCode, O), ElementsAre(at(lineOf(FinishCode, "DECL"), NotReleased)));
}

TEST(PersistentNotReleased, ExitsFromSystemMacrosAreAssertionsNotLeaks) {
  // A googletest-like assertion from a system header returns on failure.
  const std::string Dir = std::string(TAPE_TEST_WORKDIR) + "/sysinc";
  std::filesystem::create_directories(Dir);
  std::ofstream(Dir + "/assertions.h") << "#define ASSERT_OR_RETURN(c) if (!(c)) return\n"
                                          "#define ASSERT_OR_THROW(c) if (!(c)) throw 1\n";
  const std::string Code = "#include <assertions.h>\n#include <tape/tape.hpp>\n"
                           "void f(bool c) { tape::GradientTape t({.persistent = true});  // F\n"
                           "  ASSERT_OR_RETURN(c);\n  t.release(); }\n"
                           "void g(bool c) { tape::GradientTape t({.persistent = true});  // G\n"
                           "  ASSERT_OR_THROW(c);\n  t.release(); }\n"
                           "void h(bool c) { tape::GradientTape t({.persistent = true});  // H\n"
                           "  if (!c) return;\n  t.release(); }\n";
  RunOptions O = lifecycle();
  O.ExtraArgs = {"-isystem", Dir};
  EXPECT_THAT(run(Code, O), ElementsAre(at(lineOf(Code, "// H"), NotReleased)));
  O.CheckOptions["tape-persistent-not-released.IgnoreSystemMacroExits"] = "false";
  EXPECT_THAT(run(Code, O), ElementsAre(at(lineOf(Code, "// F"), NotReleased), at(lineOf(Code, "// G"), NotReleased),
                                        at(lineOf(Code, "// H"), NotReleased)));
}

TEST(PersistentNotReleased, LambdaBodiesAreAnalysed) {
  const std::string Code = "#include <tape/tape.hpp>\n"
                           "void f() {\n  auto g = [] {\n    tape::GradientTape t({.persistent = true});  // IN\n"
                           "  };\n  g();\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "IN"), NotReleased)));
}

//===----------------------------------------------------------------------===//
// tape-gradient-in-scope
//===----------------------------------------------------------------------===//

TEST(GradientInScope, FlagsGradientInOwnScopeWithNoteAtScope) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape t({.persistent = true});\n"
                           "  {\n    auto scope = t.record();  // SCOPE\n    auto y = x * x;\n"
                           "    auto g = t.gradient(y, x);  // GRAD\n  }\n  t.release();\n}\n";
  std::vector<Finding> Fs = runChecks(Code, lifecycle());
  ASSERT_THAT(lineChecks(Fs), ElementsAre(at(lineOf(Code, "GRAD"), InScope)));
  EXPECT_EQ(find(Fs, InScope)->Notes.at(0).Line, lineOf(Code, "SCOPE"));
}

TEST(GradientInScope, PausesAndTheirNesting) {
  const std::string Code =
      "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
      "  tape::GradientTape t({.persistent = true});\n"
      "  {\n    auto scope = t.record();\n    auto y = x * x;\n"
      "    { auto p = t.stop_recording(); t.gradient(y, x); }\n"
      "    { auto p = t.stop_recording(); { auto again = t.record(); t.gradient(y, x); }  // INNER\n"
      "      t.gradient(y, x); }\n"
      "    t.gradient(y, x);  // AFTER PAUSE\n"
      "  }\n  t.gradient(x * x, x);\n  t.release();\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "INNER"), InScope), at(lineOf(Code, "AFTER PAUSE"), InScope)));
}

TEST(GradientInScope, OtherTapesNonPersistentTapesAndHelpers) {
  const std::string Code =
      "#include <tape/tape.hpp>\n"
      "bool grad(tape::GradientTape& t, const tape::Tensor& y, const tape::Variable& x) {\n"
      "  return t.gradient(y, x).has_value();  // HELPER\n}\n"
      "void f() {\n  tape::Variable x(1.0);\n"
      "  tape::GradientTape p({.persistent = true}), q({.persistent = true});\n"
      "  tape::GradientTape n;\n"
      "  tape::Tensor y;\n"
      "  { auto s = q.record(); auto sn = n.record(); y = x * x; p.gradient(y, x); n.gradient(y, x); }\n"
      "  { auto s = p.record(); grad(p, y, x); }\n"
      "  p.release(); q.release();\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "HELPER"), InScope)));
}

//===----------------------------------------------------------------------===//
// Suppression, robustness
//===----------------------------------------------------------------------===//

TEST(Suppression, NolintSilencesOnlyTheNamedCheck) {
  const std::string Code = "#include <tape/tape.hpp>\nvoid f() {\n  tape::Variable x(1.0);\n"
                           "  tape::GradientTape a, b, c;\n"
                           "  tape::Tensor y;\n  { auto s1 = a.record(); auto s2 = b.record(); "
                           "auto s3 = c.record(); y = x * x; }\n"
                           "  a.gradient(y, x); a.gradient(y, x);  // NOLINT(tape-nonpersistent-reuse)\n"
                           "  b.gradient(y, x);\n"
                           "  // NOLINTNEXTLINE(tape-*)\n"
                           "  b.gradient(y, x);\n"
                           "  c.gradient(y, x); c.gradient(y, x);  // NOLINT(tape-use-after-release) C\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "C\n"), Reuse)));
}

TEST(Robustness, CodeWithErrorsDoesNotCrash) {
  const char* Snippets[] = {
      // undeclared names, wrong arity, missing semicolons, in tape code
      "#include <tape/tape.hpp>\nvoid f() { tape::GradientTape t; t.gradient(y, x); t.gradient(); undeclared(t) }\n",
      "#include <tape/tape.hpp>\nvoid f() { tape::GradientTape t({.persistent = nonsense}); t.release(; }\n",
      "#include <tape/tape.hpp>\nvoid f() { auto t = tape::GradientTape(1, 2, 3); t.gradient(t, t); }\n",
      "#include <tape/tape.hpp>\nvoid f() { tape::GradientTape t; auto s = t.record(; { for (;;) t.gradient( }\n",
      "#include <tape/tape.hpp>\ntemplate <class T> void f(T& t) { t.gradient(t.undefined_member()); }\n"
      "void g() { tape::GradientTape t; f(t); }\n",
      "#include <tape/tape.hpp>\nstruct S { tape::GradientTape t; S() : t(oops) {} };\n",
      "#include <tape/tape.hpp>\nvoid f() { tape::GradientTape t; [&] { t.gradient(; }(); }\n",
      "#include <tape/tape.hpp>\nvoid f() { try { tape::GradientTape t({.persistent = true}); throw; } catch (Unknown&) {} }\n",
      "#include <tape/tape.h>\nvoid f() { tape::GradientTape t; }\n",
      "void f() { GradientTape t; t.gradient(1, 2); t.gradient(1, 2); }\n",
  };
  for (const char* Code : Snippets) {
    std::vector<Finding> Fs = runChecks(Code, RunOptions{});
    bool SawError = false;
    for (const Finding& F : Fs) SawError |= F.Check == "clang-diagnostic-error";
    EXPECT_TRUE(SawError) << Code;
    // Functions containing errors are not analysed.
    EXPECT_THAT(lineChecks(Fs), IsEmpty()) << Code;
  }
}

TEST(Robustness, ValidFunctionNextToBrokenOneIsStillAnalysed) {
  const std::string Code = "#include <tape/tape.hpp>\n"
                           "void broken() { tape::GradientTape t; t.gradient(nope, nope); }\n"
                           "void fine() {\n  tape::Variable x(1.0);\n  tape::GradientTape t;\n" +
                           recorded("t") + "  t.gradient(y, x);\n  t.gradient(y, x);  // SECOND\n}\n";
  EXPECT_THAT(run(Code), ElementsAre(at(lineOf(Code, "SECOND"), Reuse)));
}

TEST(Robustness, CodeWithoutTheLibraryIsSilent) {
  const std::string Code = "#include <vector>\nstruct GradientTape { void gradient() {} };\n"
                           "int main() { GradientTape t; t.gradient(); t.gradient(); std::vector<int> v; }\n";
  EXPECT_THAT(run(Code, RunOptions{}), IsEmpty());
}

}  // namespace
