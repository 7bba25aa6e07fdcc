// In-process tests of the five dataflow checks: tape-op-outside-scope,
// tape-raw-array-mixing, tape-unwatched-source, tape-integer-source,
// tape-non-differentiable-path (one shared value-flow analysis,
// checks/utils/ValueFlow.h). Each test runs clang-tidy on a small
// translation unit and compares the (line, check) findings and, where it
// matters, messages, notes, fix-its and options. Shapes the runtime cannot
// confirm (so no corpus case can hold them) are covered here: transformed
// raw copies, precedence between causes, conservative silence on code the
// analysis does not understand.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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

const std::string Outside = "tape-op-outside-scope";
const std::string Raw = "tape-raw-array-mixing";
const std::string Unwatched = "tape-unwatched-source";
const std::string Integer = "tape-integer-source";
const std::string NonDiff = "tape-non-differentiable-path";
const std::string Reuse = "tape-nonpersistent-reuse";
const std::string AfterRelease = "tape-use-after-release";

std::string at(unsigned Line, const std::string& Check) { return std::to_string(Line) + ":" + Check; }

// All tape-* checks: the dataflow checks must also stay out of the lifecycle
// checks' way (one finding per call).
RunOptions all() { return RunOptions(); }

RunOptions flowOnly() {
  RunOptions O;
  O.Checks = "-*,tape-op-outside-scope,tape-raw-array-mixing,tape-unwatched-source,"
             "tape-integer-source,tape-non-differentiable-path";
  return O;
}

std::vector<std::string> run(const std::string& Code, RunOptions O = flowOnly()) {
  return lineChecks(runChecks(Code, O));
}

// "<line of the first line containing Marker>:<check>"
std::string mark(const std::string& Code, const std::string& Marker, const std::string& Check) {
  return at(lineOf(Code, Marker), Check);
}

const Finding* find(const std::vector<Finding>& Fs, const std::string& Check) {
  for (const Finding& F : Fs)
    if (F.Check == Check) return &F;
  return nullptr;
}

const std::string Prelude =
    "#include <tape/tape.hpp>\n"
    "#include <vector>\n"
    "using tape::GradientTape; using tape::Tensor; using tape::Variable;\n";

//===----------------------------------------------------------------------===//
// tape-op-outside-scope
//===----------------------------------------------------------------------===//

TEST(OpOutsideScope, SeedExampleFlaggedAtGradientWithNoteAtTheOperation) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(3.0);\n"
                           "  Tensor y = x * x;  // OP\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = y * y; }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Outside)));
  const Finding* F = find(Fs, Outside);
  ASSERT_NE(F, nullptr);
  EXPECT_THAT(F->Message, HasSubstr("gradient of 'z' with respect to 'x' is missing"));
  EXPECT_THAT(F->Message, HasSubstr("tape 'tape' was not recording"));
  ASSERT_EQ(F->Notes.size(), 1u);
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "// OP"));
  EXPECT_THAT(F->Notes[0].Message, HasSubstr("not recording"));
}

TEST(OpOutsideScope, HelperCalledOutsideTheScopeNotesTheCall) {
  const std::string Code = Prelude +
                           "static Tensor sq(const Tensor& t) { return t * t; }\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(3.0);\n"
                           "  Tensor y = sq(x);  // OP\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = y + 1.0; }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Outside)));
  const Finding* F = find(Fs, Outside);
  ASSERT_NE(F, nullptr);
  ASSERT_FALSE(F->Notes.empty());
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "// OP"));
}

TEST(OpOutsideScope, HelperCalledInsideTheScopeIsSilent) {
  const std::string Code = Prelude +
                           "static Tensor sq(const Tensor& t) { return t * t; }\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(3.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = sq(x) + 1.0; }\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(OpOutsideScope, PartialDamageIsReportedAndTheOptionTurnsItOff) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(3.0);\n"
                           "  Tensor early = x * 2.0;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = x * x + early; }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Outside)));
  ASSERT_NE(find(Fs, Outside), nullptr);
  EXPECT_THAT(find(Fs, Outside)->Message, HasSubstr("is partial"));

  RunOptions O = flowOnly();
  O.CheckOptions["tape-op-outside-scope.ReportPartial"] = "false";
  EXPECT_THAT(run(Code, O), IsEmpty());
}

TEST(OpOutsideScope, WorkAfterTheScopeThatNeverReachesTheTargetIsSilent) {
  const std::string Code = Prelude +
                           "double f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(3.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = x * x; }\n"
                           "  Tensor logged = z * 10.0;\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "  return logged.item();\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(OpOutsideScope, StopRecordingIsIntentional) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(3.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); Tensor c;\n"
                           "    { auto p = tape.stop_recording(); c = x * 3.0; }\n"
                           "    z = c * 2.0; }\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(OpOutsideScope, BetweenTwoScopesAndInALoopBeforeTheScope) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape t1, t2;\n"
                           "  Variable x(3.0);\n"
                           "  Tensor y, z;\n"
                           "  { auto s = t1.record(); y = x * x; }\n"
                           "  y = y * 2.0;\n"
                           "  { auto s = t1.record(); z = y * y; }\n"
                           "  auto g = t1.gradient(z, x);  // CALL1\n"
                           "  Tensor acc = x;\n"
                           "  for (int i = 0; i < 3; ++i) acc = acc * x;\n"
                           "  Tensor w;\n"
                           "  { auto s = t2.record(); w = acc * 1.0; }\n"
                           "  auto h = t2.gradient(w, x);  // CALL2\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL1", Outside), mark(Code, "// CALL2", Outside)));
}

TEST(OpOutsideScope, ATapeParameterIsNeverAssumedIdle) {
  // The caller may be recording on `tape`: the analysis cannot know.
  const std::string Code = Prelude +
                           "void f(GradientTape& tape, const Variable& x) {\n"
                           "  Tensor y = x * x;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = y * y; }\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(OpOutsideScope, LambdaCapturingTheTapeIsFollowed) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(3.0);\n"
                           "  auto fwd = [&](const Tensor& in) {\n"
                           "    auto s = tape.record();\n"
                           "    return in * x;\n"
                           "  };\n"
                           "  Tensor pre = x * 2.0;\n"
                           "  Tensor z = fwd(pre);\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  // The path through `pre` ran before the lambda opened the scope; the path
  // through the captured x inside the lambda is recorded: partial damage.
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Outside)));
  ASSERT_NE(find(Fs, Outside), nullptr);
  EXPECT_THAT(find(Fs, Outside)->Message, HasSubstr("partial"));
}

TEST(OpOutsideScope, ScopesOpenedThroughAliasesOfTheTapeAreFollowed) {
  // A pointer or reference initialised from the tape (and never made to
  // point elsewhere) is the tape: scopes opened through it record on it,
  // in the function, in helpers, through members and captures.
  const std::string Code = Prelude +
                           "#include <memory>\n"
                           "struct Trainer { GradientTape& t; Tensor step(const Variable& x) { auto s = t.record(); return x * x; } };\n"
                           "static Tensor viaParam(GradientTape* h, const Variable& x) { auto s = h->record(); return x * x; }\n"
                           "static Tensor viaLocal(GradientTape& t, const Variable& x) { GradientTape* h = &t; auto s = h->record(); return x * x; }\n"
                           "void f() {\n"
                           "  Variable x(3.0);\n"
                           "  { GradientTape tape; GradientTape* h = &tape; Tensor z;\n"
                           "    { auto s = h->record(); z = x * x; }\n"
                           "    auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape; GradientTape* h = std::addressof(tape); GradientTape& r = *h; Tensor z;\n"
                           "    { auto s = r.record(); z = x * x; }\n"
                           "    auto g = h->gradient(z, x); }\n"
                           "  { GradientTape tape; auto& r = tape; auto* h = &r; GradientTape* const h2 = h; Tensor z;\n"
                           "    { auto s = h2->record(); z = x * x; }\n"
                           "    auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape; Tensor z = viaParam(&tape, x); auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape; Tensor z = viaLocal(tape, x); auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape; Trainer tr{tape}; Tensor z = tr.step(x); auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape; GradientTape* h = &tape;\n"
                           "    auto fwd = [h, &x]() { auto s = h->record(); return Tensor(x * x); };\n"
                           "    Tensor z = fwd(); auto g = tape.gradient(z, x); }\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
  EXPECT_THAT(run(Code, all()), IsEmpty());
}

TEST(OpOutsideScope, AliasesAlsoFindTheOperationsOutsideTheScope) {
  const std::string Code = Prelude +
                           "static Tensor run(GradientTape* h, const Variable& x) {\n"
                           "  Tensor early = x * x;  // OP\n"
                           "  auto s = h->record();\n"
                           "  return early * 2.0;\n"
                           "}\n"
                           "void f() {\n"
                           "  Variable x(3.0);\n"
                           "  { GradientTape tape; GradientTape* h = &tape; Tensor y = x * x; Tensor z;\n"
                           "    { auto s = h->record(); z = y * y; }\n"
                           "    auto g = h->gradient(z, x); }  // CALL1\n"
                           "  { GradientTape tape; Tensor z = run(&tape, x);  // HELPER\n"
                           "    auto g = tape.gradient(z, x); }  // CALL2\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL1", Outside), mark(Code, "// CALL2", Outside)));
  EXPECT_THAT(lineChecks(runChecks(Code, all())),
              ElementsAre(mark(Code, "// CALL1", Outside), mark(Code, "// CALL2", Outside)));
}

TEST(OpOutsideScope, ScopesOnTapesTheAnalysisCannotNameAreNeverAssumedIdle) {
  // Which tape these handles designate is not known (reseated, chosen at run
  // time, returned by a function, global, a pointer member): while such a
  // scope lives, any tape may be recording, ours and our callers'.
  const std::string Code = Prelude +
                           "GradientTape* g_tape;\n"

                           "struct Holder { GradientTape* t; Tensor step(const Variable& x) { auto s = t->record(); return x * x; } };\n"
                           "static Tensor viaGlobal(const Variable& x) { auto s = g_tape->record(); return x * x; }\n"
                           "static Tensor viaParam(GradientTape* h, const Variable& x) { auto s = h->record(); return x * x; }\n"
                           "void f(bool c) {\n"
                           "  Variable x(3.0);\n"
                           "  { GradientTape tape, other; GradientTape* h = &other; h = &tape; Tensor z;\n"
                           "    { auto s = h->record(); z = x * x; }\n"
                           "    auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape, other; GradientTape* h = c ? &tape : &other; Tensor z;\n"
                           "    { auto s = h->record(); z = x * x; }\n"
                           "    auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape, other; GradientTape& r = c ? tape : other; Tensor z;\n"
                           "    { auto s = r.record(); z = x * x; }\n"
                           "    auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape; g_tape = &tape; Tensor z = viaGlobal(x); auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape; Holder hd{&tape}; Tensor z = hd.step(x); auto g = tape.gradient(z, x); }\n"
                           "  { GradientTape tape, other; Tensor z = viaParam(c ? &tape : &other, x); auto g = tape.gradient(z, x); }\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(OpOutsideScope, AnUnattributedScopeOnlyCoversItsOwnLifetime) {
  // An operation after the unknown scope has ended ran while no scope was
  // open; a tape member of a local object is a tape of its own.
  const std::string Code = Prelude +
                           "GradientTape* g_tape;\n"
                           "struct Model { GradientTape tape; };\n"
                           "void f() {\n"
                           "  Variable x(3.0);\n"
                           "  { GradientTape tape; Tensor y, z;\n"
                           "    { auto s = g_tape->record(); }\n"
                           "    y = x * x;\n"
                           "    { auto s = tape.record(); z = y * y; }\n"
                           "    auto g = tape.gradient(z, x); }  // CALL1\n"
                           "  { GradientTape tape; Model m; Tensor y, z;\n"
                           "    { auto s = m.tape.record(); y = x * x; }\n"
                           "    { auto s = tape.record(); z = y * y; }\n"
                           "    auto g = tape.gradient(z, x); }  // CALL2\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL1", Outside), mark(Code, "// CALL2", Outside)));
}

TEST(OpOutsideScope, EffectsThroughHandlesTheAnalysisCannotNameLeaveTheCallToTheLifecycleChecks) {
  // A gradient() or release() through an unknown handle may have been on
  // this tape: the next gradient() might be a reuse or a use after release.
  const std::string Code = Prelude +
                           "GradientTape& pick();\n"
                           "void f() {\n"
                           "  Variable x(3.0);\n"
                           "  GradientTape tape;\n"
                           "  GradientTape* h = &pick();\n"
                           "  Tensor y = x * x;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = y * y; }\n"
                           "  auto g0 = h->gradient(z, x);\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

//===----------------------------------------------------------------------===//
// tape-raw-array-mixing
//===----------------------------------------------------------------------===//

TEST(RawArrayMixing, ItemThatComesBackIsFlaggedWithNoteAtTheExport) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(3.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record();\n"
                           "    double v = (x * x).item();  // EXPORT\n"
                           "    z = Tensor(v) * 2.0; }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Raw)));
  const Finding* F = find(Fs, Raw);
  ASSERT_NE(F, nullptr);
  EXPECT_THAT(F->Message, HasSubstr("through 'item()'"));
  EXPECT_THAT(F->Message, HasSubstr("is missing"));
  ASSERT_EQ(F->Notes.size(), 1u);
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "// EXPORT"));
}

TEST(RawArrayMixing, TransformedCopiesThroughLoopsArraysAndPointers) {
  // The runtime only sees the same buffer or the same scalar come back; the
  // analysis follows the data through arithmetic and copies.
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x({1.0, 2.0});\n"
                           "  Tensor z1, z2, z3;\n"
                           "  { auto s = tape.record();\n"
                           "    Tensor y = x * x;\n"
                           "    std::vector<double> v = y.to_vector();\n"
                           "    std::vector<double> w;\n"
                           "    for (double e : v) w.push_back(e * 2.0 + 1.0);\n"
                           "    z1 = x * Tensor(w);\n"
                           "    double arr[2];\n"
                           "    const double* p = y.data();\n"
                           "    for (int i = 0; i < 2; ++i) arr[i] = p[i] - 1.0;\n"
                           "    z2 = Tensor(arr) * 3.0;\n"
                           "    double total = 0;\n"
                           "    for (double e : y.to_vector()) total += e;\n"
                           "    z3 = x * total; }\n"
                           "  auto g1 = tape.gradient(z1, x);  // C1\n"
                           "}\n"
                           "void h() {\n"
                           "  GradientTape tape({.persistent = true});\n"
                           "  Variable x({1.0, 2.0});\n"
                           "  Tensor z2, z3;\n"
                           "  { auto s = tape.record();\n"
                           "    Tensor y = x * x;\n"
                           "    double arr[2];\n"
                           "    const double* p = y.data();\n"
                           "    for (int i = 0; i < 2; ++i) arr[i] = p[i] - 1.0;\n"
                           "    z2 = Tensor(arr) * 3.0;\n"
                           "    double total = 0;\n"
                           "    for (double e : y.to_vector()) total += e;\n"
                           "    z3 = x * total; }\n"
                           "  auto g2 = tape.gradient(z2, x);  // C2\n"
                           "  auto g3 = tape.gradient(z3, x);  // C3\n"
                           "  tape.release();\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// C1", Raw), mark(Code, "// C2", Raw),
                                     mark(Code, "// C3", Raw)));
}

TEST(RawArrayMixing, RawDataThatDidNotComeFromTheTapeIsSilent) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x({1.0, 2.0});\n"
                           "  std::vector<double> y{3.0, 4.0};\n"
                           "  double arr[2] = {1.0, 2.0};\n"
                           "  Tensor c({5.0, 6.0});\n"
                           "  std::vector<double> cv = c.to_vector();\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = x * Tensor(y) + x * Tensor(arr) + x * Tensor(cv); }\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(RawArrayMixing, ExportsForLoggingAndControlFlowAreSilent) {
  const std::string Code = Prelude +
                           "#include <cstdio>\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); Tensor y = x * x;\n"
                           "    std::printf(\"%f\\n\", y.item());\n"
                           "    if (y.item() > 1.0) z = y * 2.0; else z = y; }\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(RawArrayMixing, ViewWrittenAfterTheRecordedOperation) {
  const std::string Code = Prelude +
                           "#include <algorithm>\n"
                           "void f() {\n"
                           "  GradientTape tape({.persistent = true});\n"
                           "  Variable x({1.0, 2.0});\n"
                           "  double buf[2] = {1.0, 2.0};\n"
                           "  std::vector<double> vec{1.0, 2.0};\n"
                           "  Tensor w = Tensor::view(buf, {2});\n"
                           "  Tensor u = Tensor::view(vec.data(), {2});\n"
                           "  Tensor z1, z2;\n"
                           "  { auto s = tape.record(); z1 = x * w; z2 = u * x; }\n"
                           "  buf[1] = 7.0;  // WRITE\n"
                           "  std::fill(vec.begin(), vec.end(), 0.0);\n"
                           "  auto g1 = tape.gradient(z1, x);  // C1\n"
                           "  auto g2 = tape.gradient(z2, x);  // C2\n"
                           "  tape.release();\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// C1", Raw), mark(Code, "// C2", Raw)));
  const Finding* F = find(Fs, Raw);
  ASSERT_NE(F, nullptr);
  EXPECT_THAT(F->Message, HasSubstr("Tensor::view"));
  ASSERT_FALSE(F->Notes.empty());
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "// WRITE"));

  RunOptions O = flowOnly();
  O.CheckOptions["tape-raw-array-mixing.CheckViewWrites"] = "false";
  EXPECT_THAT(run(Code, O), IsEmpty());
}

TEST(RawArrayMixing, ViewWrittenBeforeTheOperationOrAfterGradientIsSilent) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x({1.0, 2.0});\n"
                           "  double buf[2] = {1.0, 2.0};\n"
                           "  Tensor w = Tensor::view(buf, {2});\n"
                           "  buf[0] = 3.0;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = x * w; }\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "  buf[1] = 4.0;\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(RawArrayMixing, PartialOptionAndTheExportInAHelper) {
  const std::string Code = Prelude +
                           "static double peek(const Tensor& t) { return t.item(); }\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = x * x + Tensor(peek(x * 3.0)); }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Raw)));
  ASSERT_NE(find(Fs, Raw), nullptr);
  EXPECT_THAT(find(Fs, Raw)->Message, HasSubstr("is partial"));
  RunOptions O = flowOnly();
  O.CheckOptions["tape-raw-array-mixing.ReportPartial"] = "false";
  EXPECT_THAT(run(Code, O), IsEmpty());
}

TEST(RawArrayMixing, ReportPartialKeepsChangedViews) {
  // A changed view makes the gradient wrong, not partial: ReportPartial=false
  // keeps it, however the buffer was written.
  const std::string Code = Prelude +
                           "#include <vector>\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x({1.0, 2.0});\n"
                           "  std::vector<double> buf{1.0, 2.0};\n"
                           "  Tensor w = Tensor::view(buf.data(), {2}), z;\n"
                           "  { auto s = tape.record(); z = tape::sum(x * w); }\n"
                           "  for (double& e : buf) e *= 2;\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  RunOptions O = flowOnly();
  O.CheckOptions["tape-raw-array-mixing.ReportPartial"] = "false";
  auto Fs = runChecks(Code, O);
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Raw)));
  ASSERT_NE(find(Fs, Raw), nullptr);
  EXPECT_THAT(find(Fs, Raw)->Message, HasSubstr("is wrong"));
}

TEST(RawArrayMixing, AnOpaqueTermDoesNotHideACertainRoundTrip) {
  // bce() is defined in another translation unit: its own term is unknown,
  // but the raw round trip from w to the loss is certain.
  const std::string Code = Prelude +
                           "Tensor bce(const Tensor& p, const Tensor& y);\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable w(0.5);\n"
                           "  Tensor y(1.0), loss;\n"
                           "  { auto s = tape.record();\n"
                           "    Tensor p = tape::sigmoid(w * 2.0);\n"
                           "    loss = bce(p, y) + tape::square(Tensor(p.item()) - 1.0); }  // EXPORT\n"
                           "  auto g = tape.gradient(loss, w);  // CALL1\n"
                           "}\n"
                           "void withCleanPath() {\n"
                           "  GradientTape tape;\n"
                           "  Variable w(0.5);\n"
                           "  Tensor y(1.0), loss;\n"
                           "  { auto s = tape.record();\n"
                           "    Tensor p = tape::sigmoid(w * 2.0);\n"
                           "    loss = bce(p, y) + p * 2.0 + Tensor(p.item()); }\n"
                           "  auto g = tape.gradient(loss, w);  // CALL2\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL1", Raw), mark(Code, "// CALL2", Raw)));
  ASSERT_EQ(Fs.size(), 2u);
  // No known path is clean: the opaque term may or may not carry a gradient.
  EXPECT_THAT(Fs[0].Message, HasSubstr("is missing or partial"));
  ASSERT_FALSE(Fs[0].Notes.empty());
  EXPECT_EQ(Fs[0].Notes[0].Line, lineOf(Code, "// EXPORT"));
  // A known clean path (p * 2.0): partial for sure.
  EXPECT_THAT(Fs[1].Message, HasSubstr("is partial"));
  // Only gradients known to be missing with ReportPartial=false.
  RunOptions O = flowOnly();
  O.CheckOptions["tape-raw-array-mixing.ReportPartial"] = "false";
  EXPECT_THAT(run(Code, O), IsEmpty());
}

TEST(RawArrayMixing, AnOpaqueTermKeepsThePrecedenceOfTheCauses) {
  const std::string Code = Prelude +
                           "Tensor bce(const Tensor& p, const Tensor& y);\n"
                           "void f(bool cond) {\n"
                           "  Variable w(0.5);\n"
                           "  Tensor y(1.0);\n"
                           // A constant source may be unwatched when the opaque call uses it
                           // (unwatched-source precedes raw-array-mixing): silent.
                           "  { GradientTape tape; Tensor c(0.5), loss;\n"
                           "    { auto s = tape.record(); tape.watch(c); Tensor p = c * 2.0;\n"
                           "      loss = bce(c, y) + Tensor(p.item()); }\n"
                           "    auto g = tape.gradient(loss, c); }\n"
                           // A Variable on a tape that does not watch accessed variables: the same.
                           "  { GradientTape tape({.watch_accessed_variables = false}); Tensor loss;\n"
                           "    { auto s = tape.record(); tape.watch(w); Tensor p = w * 2.0;\n"
                           "      loss = bce(p, y) + Tensor(p.item()); }\n"
                           "    auto g = tape.gradient(loss, w); }\n"
                           // op-outside-scope and non-differentiable-path need every path: an
                           // opaque term might hide a raw round trip, reported first.
                           "  { GradientTape tape; Tensor pre = w * 3.0; Tensor loss;\n"
                           "    { auto s = tape.record(); loss = bce(w * 1.0, y) + pre; }\n"
                           "    auto g = tape.gradient(loss, w); }\n"
                           "  { GradientTape tape; Tensor loss;\n"
                           "    { auto s = tape.record(); loss = bce(w * 1.0, y) * tape::round(w); }\n"
                           "    auto g = tape.gradient(loss, w); }\n"
                           // The round trip only feeds the opaque call: not certain to arrive.
                           "  { GradientTape tape; Tensor loss;\n"
                           "    { auto s = tape.record(); Tensor p = w * 2.0; loss = bce(Tensor(p.item()), y) + w; }\n"
                           "    auto g = tape.gradient(loss, w); }\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

//===----------------------------------------------------------------------===//
// tape-unwatched-source
//===----------------------------------------------------------------------===//

TEST(UnwatchedSource, NeverWatchedAndWatchedTooLate) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape t1, t2;\n"
                           "  Tensor c(3.0);\n"
                           "  Tensor d(4.0);\n"
                           "  Tensor z1, z2;\n"
                           "  { auto s = t1.record(); z1 = c * c; }\n"
                           "  { auto s = t2.record(); z2 = d * d;  // USE\n"
                           "    t2.watch(d); }\n"
                           "  auto g1 = t1.gradient(z1, c);  // C1\n"
                           "  auto g2 = t2.gradient(z2, d);  // C2\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// C1", Unwatched), mark(Code, "// C2", Unwatched)));
  ASSERT_EQ(Fs.size(), 2u);
  EXPECT_THAT(Fs[0].Message, HasSubstr("which tape 't1' never watches"));
  EXPECT_THAT(Fs[1].Message, HasSubstr("which tape 't2' watches only after its first use"));
  ASSERT_FALSE(Fs[1].Notes.empty());
  EXPECT_EQ(Fs[1].Notes[0].Line, lineOf(Code, "// USE"));
}

TEST(UnwatchedSource, WatchedBeforeUseVariablesAndIntermediatesAreSilent) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape t1({.persistent = true});\n"
                           "  Tensor c(3.0);\n"
                           "  Variable x(2.0);\n"
                           "  Tensor z, y, w;\n"
                           "  { auto s = t1.record(); t1.watch(c); z = c * c * x; y = x * 2.0; w = y * y; }\n"
                           "  auto g1 = t1.gradient(z, c);\n"
                           "  auto g2 = t1.gradient(z, x);\n"
                           "  auto g3 = t1.gradient(w, y);\n"
                           "  t1.release();\n"
                           "}\n";
  EXPECT_THAT(run(Code, all()), IsEmpty());
}

TEST(UnwatchedSource, UsedOnlyBeforeTheScopeThenWatchedIsOpOutsideScope) {
  // The article's own spelling: the constant is watched inside the scope,
  // but its only use ran before the scope. Not "watched too late" (no use in
  // the scope precedes the watch): an operation ran while not recording.
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  const Tensor x = 3.0;\n"
                           "  const Tensor y0 = x * x;\n"
                           "  GradientTape tape;\n"
                           "  Tensor y;\n"
                           "  { auto s = tape.record(); tape.watch(x); y = y0 * 2.0; }\n"
                           "  auto g = tape.gradient(y, x);  // CALL\n"
                           "}\n"
                           "void never() {\n"
                           "  const Tensor x = 3.0;\n"
                           "  const Tensor y0 = x * x;\n"
                           "  GradientTape tape;\n"
                           "  Tensor y;\n"
                           "  { auto s = tape.record(); y = y0 * 2.0; }\n"
                           "  auto g = tape.gradient(y, x);  // NEVER\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", Outside), mark(Code, "// NEVER", Unwatched)));
}

TEST(UnwatchedSource, VariablesWithWatchAccessedVariablesFalse) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape a({.watch_accessed_variables = false});\n"
                           "  GradientTape b({.watch_accessed_variables = false});\n"
                           "  Variable x(2.0);\n"
                           "  Tensor z1, z2;\n"
                           "  { auto s = a.record(); z1 = x * x; }\n"
                           "  { auto s = b.record(); b.watch(x); z2 = x * x; }\n"
                           "  auto g1 = a.gradient(z1, x);  // C1\n"
                           "  auto g2 = b.gradient(z2, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// C1", Unwatched)));
}

TEST(UnwatchedSource, AWatchTheAnalysisCannotSeeSilencesIt) {
  const std::string Code = Prelude +
                           "void watch_all(GradientTape& t, const Tensor& c);  // body elsewhere\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Tensor c(3.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); watch_all(tape, c); z = c * c; }\n"
                           "  auto g = tape.gradient(z, c);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(UnwatchedSource, OneOfSeveralSources) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor b(1.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = x * b; }\n"
                           "  auto gs = tape.gradient(z, {x, b});  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Unwatched)));
  ASSERT_NE(find(Fs, Unwatched), nullptr);
  EXPECT_THAT(find(Fs, Unwatched)->Message, HasSubstr("'b'"));
}

TEST(UnwatchedSource, EveryUserMadeConstantNeedsAWatch) {
  // Whatever the raw values come from (literals, locals, parameters, view
  // memory, the tape itself), a tensor made from them is a root constant.
  const std::string Code = Prelude +
                           "void f(const std::vector<double>& vp, double dp, const double* pp, double* mem) {\n"
                           "  GradientTape tape({.persistent = true});\n"
                           "  Variable x(2.0);\n"
                           "  std::vector<double> v{1, 2};\n"
                           "  double arr[2] = {1.0, 2.0};\n"
                           "  float fl = 1.5f;\n"
                           "  Tensor a(1.0), b{1.0, 2.0}, c(v), d = vp, e = dp, h = arr, i = fl;\n"
                           "  Tensor j = Tensor::from_raw(pp, {2}), k = Tensor::view(mem, {2}), l = Tensor::view(arr, {2});\n"
                           "  Tensor z, z32, m;\n"
                           "  { auto s = tape.record();\n"
                           "    Tensor y = x * x;\n"
                           "    m = Tensor(y.item());\n"
                           "    z = tape::sum(a * b * c * d * e * h * j * k * l * m);\n"
                           "    z32 = i * i; }\n"
                           "  auto ga = tape.gradient(z, a);  // CALL_A\n"
                           "  auto gb = tape.gradient(z, b);  // CALL_B\n"
                           "  auto gc = tape.gradient(z, c);  // CALL_C\n"
                           "  auto gd = tape.gradient(z, d);  // CALL_D\n"
                           "  auto ge = tape.gradient(z, e);  // CALL_E\n"
                           "  auto gh = tape.gradient(z, h);  // CALL_H\n"
                           "  auto gi = tape.gradient(z32, i);  // CALL_I\n"
                           "  auto gj = tape.gradient(z, j);  // CALL_J\n"
                           "  auto gk = tape.gradient(z, k);  // CALL_K\n"
                           "  auto gl = tape.gradient(z, l);  // CALL_L\n"
                           "  auto gm = tape.gradient(z, m);  // CALL_M\n"
                           "  tape.release();\n"
                           "}\n";
  std::vector<std::string> Expected;
  for (const char* M : {"A", "B", "C", "D", "E", "H", "I", "J", "K", "L", "M"})
    Expected.push_back(mark(Code, std::string("// CALL_") + M, Unwatched));
  EXPECT_EQ(run(Code), Expected);
}

TEST(UnwatchedSource, TensorsThatStandForOthersAreNotNewConstants) {
  // Copies of tensor parameters and Variables are other names for them; a
  // Variable is watched automatically, a tensor parameter may be watched by
  // the caller; a watch through an alias of the tape counts, and a watch
  // through a handle the analysis cannot name may be on any tape.
  const std::string Code = Prelude +
                           "GradientTape& pick();\n"
                           "void f(const Tensor& tp, const Variable& vp) {\n"
                           "  GradientTape tape({.persistent = true});\n"
                           "  GradientTape* h = &tape;\n"
                           "  GradientTape* u = &pick();\n"
                           "  Tensor a = tp, b = vp, c(2.0), d(3.0), z;\n"
                           "  { auto s = tape.record(); h->watch(c); u->watch(d); z = a * b * c * d; }\n"
                           "  auto ga = tape.gradient(z, a);\n"
                           "  auto gb = tape.gradient(z, b);\n"
                           "  auto gc = tape.gradient(z, c);\n"
                           "  auto gd = tape.gradient(z, d);\n"
                           "  tape.release();\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

//===----------------------------------------------------------------------===//
// tape-integer-source
//===----------------------------------------------------------------------===//

TEST(IntegerSource, VariableFromAnIntegerLiteralHasAFixIt) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2);  // DECL\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = x * x; }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Integer)));
  const Finding* F = find(Fs, Integer);
  ASSERT_NE(F, nullptr);
  EXPECT_THAT(F->Message, HasSubstr("integer dtype i64"));
  ASSERT_FALSE(F->Notes.empty());
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "// DECL"));
  std::string Fixed = tapetest::applyFixes(Code, Fs);
  EXPECT_THAT(Fixed, HasSubstr("Variable x(2.0);  // DECL"));
  // The fixed program is clean.
  EXPECT_THAT(run(Fixed), IsEmpty());
}

// Another handle of the variable is named as the call writes it; the note
// at the variable's creation says whose copy it is.
TEST(IntegerSource, ACopyOfTheVariableIsNamedAsWritten) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable steps(3);  // DECL\n"
                           "  Variable count = steps;\n"
                           "  Variable x(1.5);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = x * tape::cast(steps, tape::DType::f64); }\n"
                           "  auto g = tape.gradient(z, count);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Integer)));
  const Finding* F = find(Fs, Integer);
  ASSERT_NE(F, nullptr);
  EXPECT_THAT(F->Message, HasSubstr("with respect to 'count'"));
  ASSERT_FALSE(F->Notes.empty());
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "// DECL"));
  EXPECT_THAT(F->Notes[0].Message, HasSubstr("'count' is a copy of 'steps'"));
}

TEST(IntegerSource, TensorCastAndVectorSources) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape({.persistent = true});\n"
                           "  Tensor c(3);\n"
                           "  Variable x(2.5);\n"
                           "  Variable n(4L);\n"
                           "  Tensor z1, z2, i, z3;\n"
                           "  { auto s = tape.record(); tape.watch(c); z1 = c * c;\n"
                           "    i = tape::cast(x, tape::DType::i64); z2 = i * i;\n"
                           "    z3 = x * tape::cast(n, tape::DType::f64); }\n"
                           "  auto g1 = tape.gradient(z1, c);  // C1\n"
                           "  auto g2 = tape.gradient(z2, i);  // C2\n"
                           "  auto g3 = tape.gradient(z3, {x, n});  // C3\n"
                           "  tape.release();\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// C1", Integer), mark(Code, "// C2", Integer),
                                          mark(Code, "// C3", Integer)));
  // 4L is not rewritten mechanically; 3 is.
  std::string Fixed = tapetest::applyFixes(Code, Fs);
  EXPECT_THAT(Fixed, HasSubstr("Tensor c(3.0);"));
  EXPECT_THAT(Fixed, HasSubstr("Variable n(4L);"));
}

TEST(IntegerSource, FloatingSourcesAndIndependentIntegersAreSilent) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape({.persistent = true});\n"
                           "  Variable a(2.0), b(2.0f), v({1, 2});\n"
                           "  Tensor braced{2};\n"
                           "  Variable n(3);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); tape.watch(braced); z = a * b * 3 + tape::sum(v * braced); }\n"
                           "  auto g1 = tape.gradient(z, a);\n"
                           "  auto g2 = tape.gradient(z, v);\n"
                           "  auto g3 = tape.gradient(z, braced);\n"
                           "  auto g4 = tape.gradient(z, n);\n"
                           "  tape.release();\n"
                           "}\n";
  EXPECT_THAT(run(Code, all()), IsEmpty());
}

TEST(IntegerSource, TemplateInstantiatedWithIntOnly) {
  const std::string Code = Prelude +
                           "template <class T> bool has(T init) {\n"
                           "  GradientTape tape;\n"
                           "  Variable v(init);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = v * v; }\n"
                           "  return tape.gradient(z, v).has_value();  // CALL\n"
                           "}\n"
                           "bool a = has(1.0);\n"
                           "bool b = has(1);\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", Integer)));
  const std::string OnlyDouble = Prelude +
                                 "template <class T> bool has(T init) {\n"
                                 "  GradientTape tape;\n"
                                 "  Variable v(init);\n"
                                 "  Tensor z;\n"
                                 "  { auto s = tape.record(); z = v * v; }\n"
                                 "  return tape.gradient(z, v).has_value();\n"
                                 "}\n"
                                 "bool a = has(1.0);\n";
  EXPECT_THAT(run(OnlyDouble), IsEmpty());
}

//===----------------------------------------------------------------------===//
// tape-non-differentiable-path
//===----------------------------------------------------------------------===//

TEST(NonDifferentiablePath, EveryPathCrossesAndTheNoteNamesTheOperation) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(1.4);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record();\n"
                           "    Tensor r = tape::round(x);  // ROUND\n"
                           "    z = r * 2.0 + tape::floor(x); }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", NonDiff)));
  const Finding* F = find(Fs, NonDiff);
  ASSERT_NE(F, nullptr);
  EXPECT_THAT(F->Message, HasSubstr("('round')"));
  ASSERT_FALSE(F->Notes.empty());
  EXPECT_EQ(F->Notes[0].Line, lineOf(Code, "// ROUND"));
}

TEST(NonDifferentiablePath, ADifferentiablePathRemainsOrTheOpIsElsewhere) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape({.persistent = true});\n"
                           "  Variable x(1.4);\n"
                           "  Tensor c(2.5);\n"
                           "  Tensor z1, z2, z3;\n"
                           "  { auto s = tape.record();\n"
                           "    z1 = tape::round(x) + x;\n"
                           "    z2 = x * tape::round(c);\n"
                           "    z3 = tape::greater(x, c) * x + tape::cast(x, tape::DType::f32) * 0.0; }\n"
                           "  auto g1 = tape.gradient(z1, x);\n"
                           "  auto g2 = tape.gradient(z2, x);\n"
                           "  auto g3 = tape.gradient(z3, x);\n"
                           "  tape.release();\n"
                           "}\n";
  EXPECT_THAT(run(Code, all()), IsEmpty());
}

TEST(NonDifferentiablePath, IntegerCastArgmaxSignAndComparisons) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape({.persistent = true});\n"
                           "  Variable x({0.2, 0.9});\n"
                           "  Tensor lim({0.5, 0.5});\n"
                           "  Tensor z1, z2, z3, z4;\n"
                           "  { auto s = tape.record();\n"
                           "    z1 = tape::cast(tape::cast(x, tape::DType::i64), tape::DType::f64);\n"
                           "    z2 = tape::cast(tape::argmax(x), tape::DType::f64);\n"
                           "    z3 = tape::sign(x) * lim;\n"
                           "    z4 = tape::less(x, lim) + tape::greater(x, lim); }\n"
                           "  auto g1 = tape.gradient(z1, x);  // C1\n"
                           "  auto g2 = tape.gradient(z2, x);  // C2\n"
                           "  auto g3 = tape.gradient(z3, x);  // C3\n"
                           "  auto g4 = tape.gradient(z4, x);  // C4\n"
                           "  tape.release();\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// C1", NonDiff), mark(Code, "// C2", NonDiff),
                                     mark(Code, "// C3", NonDiff), mark(Code, "// C4", NonDiff)));
}

TEST(NonDifferentiablePath, StopGradientIsNotThisCheck) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(1.4);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = tape::round(x) + tape::stop_gradient(x) * 2.0; }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  // stop_gradient cuts its path on purpose; the only live path crosses round.
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", NonDiff)));
}

//===----------------------------------------------------------------------===//
// Precedence: one finding per gradient() call and source
//===----------------------------------------------------------------------===//

TEST(Precedence, IntegerBeforeEverythingElse) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2);\n"
                           "  Tensor pre = tape::round(x);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = pre * 2.0; }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", Integer)));
}

TEST(Precedence, UnwatchedBeforeRawAndOutside) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Tensor c(2.0);\n"
                           "  Tensor pre = c * 3.0;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = pre * Tensor((c * c).item()); }\n"
                           "  auto g = tape.gradient(z, c);  // CALL\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", Unwatched)));
}

TEST(Precedence, RawBeforeNonDifferentiableAndOutside) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor pre = x * 3.0;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = pre * Tensor(tape::round(x).item()); }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", Raw)));
}

TEST(Precedence, NonDifferentiableBeforeOutsideWhenEveryPathCrosses) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor pre = tape::floor(x) * 3.0;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = pre + tape::round(x); }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", NonDiff)));
}

TEST(Precedence, NonDifferentiableWhenEveryRecordedPathCrosses) {
  // One path crosses round(), the other ran before the scope and is not on
  // the tape: the gradient is missing, and non-differentiable-path comes
  // before op-outside-scope in the runtime's order (which reports the same).
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor pre = x * 3.0;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = pre + tape::round(x); }\n"
                           "  auto g = tape.gradient(z, x);  // CALL\n"
                           "  GradientTape other;\n"
                           "  Tensor w;\n"
                           "  { auto s = other.record(); w = pre + tape::round(x) + x; }\n"
                           "  auto h = other.gradient(w, x);  // PARTIAL\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", NonDiff), mark(Code, "// PARTIAL", Outside)));
}

TEST(Precedence, LifecycleFindingsWinOnTheSameCall) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  GradientTape p({.persistent = true});\n"
                           "  Variable x(2.0);\n"
                           "  Tensor pre = x * 3.0;\n"
                           "  Tensor z, w;\n"
                           "  { auto s = tape.record(); z = pre * x; }\n"
                           "  { auto s = p.record(); w = pre * x; }\n"
                           "  auto g1 = tape.gradient(z, x);  // FIRST\n"
                           "  try { auto g2 = tape.gradient(z, x); } catch (const tape::Error&) {}  // SECOND\n"
                           "  p.release();\n"
                           "  try { auto g3 = p.gradient(w, x); } catch (const tape::Error&) {}  // THIRD\n"
                           "}\n";
  EXPECT_THAT(run(Code, all()), ElementsAre(mark(Code, "// FIRST", Outside), mark(Code, "// SECOND", Reuse),
                                            mark(Code, "// THIRD", AfterRelease)));
}

TEST(Precedence, EachSourceOfTheVectorOverloadGetsItsOwnFinding) {
  const std::string Code = Prelude +
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Variable k(3);\n"
                           "  Tensor pre = x * 3.0;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = pre * tape::cast(k, tape::DType::f64); }\n"
                           "  std::vector<Tensor> sources{x, k};\n"
                           "  auto gs = tape.gradient(z, sources);  // CALL\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), ElementsAre(mark(Code, "// CALL", Integer), mark(Code, "// CALL", Outside)));
}

//===----------------------------------------------------------------------===//
// Conservative silence and robustness
//===----------------------------------------------------------------------===//

TEST(Conservative, OpaqueFunctionsAndUnknownTapesSilenceTheChecks) {
  const std::string Code = Prelude +
                           "Tensor opaque(const Tensor& t);  // body in another TU\n"
                           "GradientTape& global_tape();\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor z, w;\n"
                           "  { auto s = tape.record(); z = opaque(tape::round(x)); }\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "  { auto s = global_tape().record(); w = tape::round(x); }\n"
                           "  auto h = global_tape().gradient(w, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(Conservative, RecursionGotoAndErrorsDoNotCrash) {
  const std::string Code = Prelude +
                           "Tensor rec(const Tensor& t, int n) { return n == 0 ? t : rec(t * 2.0, n - 1); }\n"
                           "void f(int n) {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record();\n"
                           "    z = rec(x, 3);\n"
                           "    if (n > 2) goto done;\n"
                           "    z = z * x;\n"
                           "  done:\n"
                           "    z = z + 1.0; }\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "}\n"
                           "void broken() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor z = undeclared_function(x);\n"
                           "  auto g = tape.gradient(z, x);\n"
                           "}\n";
  auto Fs = runChecks(Code, flowOnly());
  EXPECT_THAT(lineChecks(Fs), IsEmpty());
  bool SawError = false;
  for (const Finding& F : Fs) SawError |= F.Check == "clang-diagnostic-error";
  EXPECT_TRUE(SawError);
}

TEST(Conservative, FunctionsWithoutGradientCallsAndUnrelatedCodeAreSilent) {
  const std::string Code = Prelude +
                           "#include <map>\n#include <string>\n"
                           "int count(const std::map<std::string, int>& m) { int n = 0; for (auto& [k, v] : m) n += v; return n; }\n"
                           "Tensor model(const Tensor& in, const Variable& w) { return tape::round(in) * w; }\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(Conservative, ScopesTheAnalysisCannotAttributeMakeTheStateUnknown) {
  const std::string Code = Prelude +
                           "#include <optional>\n"
                           "tape::RecordingScope open(GradientTape& t) { return t.record(); }\n"
                           "struct Base { virtual Tensor fwd(const Tensor& t) { return t * 2.0; } };\n"
                           "void f(Base& b) {\n"
                           "  GradientTape t1, t2, t3;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor z1, z2, z3, z4;\n"
                           "  { auto s = open(t1); z1 = x * x; }\n"
                           "  { std::optional<tape::RecordingScope> s; s.emplace(t2.record()); z2 = x * x; }\n"
                           "  { auto s = t3.record(); auto moved = std::move(s); z3 = x * x; }\n"
                           "  auto g1 = t1.gradient(z1, x);\n"
                           "  auto g2 = t2.gradient(z2, x);\n"
                           "  auto g3 = t3.gradient(z3, x);\n"
                           "  GradientTape t4;\n"
                           "  Tensor pre = b.fwd(x);  // virtual: might be anything\n"
                           "  { auto s = t4.record(); z4 = tape::round(pre); }\n"
                           "  auto g4 = t4.gradient(z4, x);\n"
                           "}\n";
  EXPECT_THAT(run(Code), IsEmpty());
}

TEST(Conservative, PrunedCfgEdgesFromAssertionMacros) {
  // gtest's EXPECT_* expand to `switch (0) case 0: default: if (...) ; else
  // ...`: the CFG holds null successors for the pruned edges. This crashed an
  // early version of the analysis (llvm::ReversePostOrderTraversal).
  const std::string Code = Prelude +
                           "void report(const char*);\n"
                           "#define EXPECT(c) switch (0) case 0: default: if (c) ; else report(#c)\n"
                           "void f() {\n"
                           "  Variable x(2.0);\n"
                           "  Tensor pre = x * x;\n"
                           "  GradientTape tape;\n"
                           "  Tensor y;\n"
                           "  { auto s = tape.record(); y = pre * 2.0; }\n"
                           "  EXPECT(!tape.gradient(y, x).has_value());  // CALL\n"
                           "  EXPECT(true);\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", Outside)));
}

TEST(Conservative, MacrosReportAtTheExpansion) {
  const std::string Code = Prelude +
                           "#define GRAD(t, y, x) (t).gradient(y, x)\n"
                           "void f() {\n"
                           "  GradientTape tape;\n"
                           "  Variable x(2.0);\n"
                           "  Tensor pre = x * x;\n"
                           "  Tensor z;\n"
                           "  { auto s = tape.record(); z = pre * 1.0; }\n"
                           "  auto g = GRAD(tape, z, x);  // CALL\n"
                           "}\n";
  EXPECT_THAT(run(Code), ElementsAre(mark(Code, "// CALL", Outside)));
}

}  // namespace
