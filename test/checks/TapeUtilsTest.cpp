// Tests of the shared helpers in checks/utils that other checks build on:
// FlowGraph (TapeFlow.h) path questions and TapeModel.h recognition.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "utils/TapeFlow.h"
#include "utils/TapeModel.h"

using namespace clang;
using namespace clang::ast_matchers;
using clang::tidy::tapecheck::FlowGraph;

namespace {

std::unique_ptr<ASTUnit> parse(const std::string& Code) {
  std::vector<std::string> Args = {"-std=c++20", std::string("-I") + TAPE_RUNTIME_INCLUDE};
  if (std::string(TAPE_CLANG_RESOURCE_DIR).size() > 0)
    Args.push_back(std::string("-resource-dir=") + TAPE_CLANG_RESOURCE_DIR);
  return tooling::buildASTFromCodeWithArgs(Code, Args, "utils_input.cpp");
}

const FunctionDecl* function(ASTContext& Ctx, const std::string& Name) {
  auto Found = match(functionDecl(hasName(Name), isDefinition()).bind("f"), Ctx);
  return Found.empty() ? nullptr : Found[0].getNodeAs<FunctionDecl>("f");
}

// The N-th (0-based) call of function `Callee` inside `F`.
const Stmt* call(const FunctionDecl* F, ASTContext& Ctx, const std::string& Callee, unsigned N = 0) {
  auto Found = match(functionDecl(forEachDescendant(callExpr(callee(functionDecl(hasName(Callee)))).bind("c"))),
                     *F, Ctx);
  // In source order.
  std::vector<const Stmt*> Calls;
  for (const auto& B : Found) Calls.push_back(B.getNodeAs<Stmt>("c"));
  const SourceManager& SM = Ctx.getSourceManager();
  std::sort(Calls.begin(), Calls.end(), [&](const Stmt* A, const Stmt* B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  return N < Calls.size() ? Calls[N] : nullptr;
}

const char* Markers = "void a(); void b(); void c(); bool cond();\n";

struct Graph {
  std::unique_ptr<ASTUnit> AST;
  const FunctionDecl* F = nullptr;
  std::unique_ptr<FlowGraph> G;
  const Stmt* at(const std::string& Callee, unsigned N = 0) {
    return call(F, AST->getASTContext(), Callee, N);
  }
};

Graph graphOf(const std::string& Body) {
  Graph R;
  R.AST = parse(std::string(Markers) + "void f() {\n" + Body + "\n}\n");
  EXPECT_TRUE(R.AST);
  R.F = function(R.AST->getASTContext(), "f");
  EXPECT_TRUE(R.F);
  R.G = FlowGraph::build(R.F, R.F->getBody(), R.AST->getASTContext());
  EXPECT_TRUE(R.G);
  return R;
}

TEST(FlowGraph, StraightLineAndBlockers) {
  Graph X = graphOf("a(); c(); b();");
  EXPECT_TRUE(X.G->isReachableAfter(X.at("a"), X.at("b"), {}));
  EXPECT_FALSE(X.G->isReachableAfter(X.at("b"), X.at("a"), {}));
  EXPECT_FALSE(X.G->isReachableAfter(X.at("a"), X.at("b"), {X.at("c")}));
  EXPECT_FALSE(X.G->isReachableAfter(X.at("a"), X.at("a"), {}));
}

TEST(FlowGraph, BranchesAndBlockersOnOnePath) {
  Graph X = graphOf("if (cond()) a(); else b();\nif (cond()) c();\na();");
  EXPECT_FALSE(X.G->isReachableAfter(X.at("a", 0), X.at("b"), {}));
  EXPECT_TRUE(X.G->isReachableAfter(X.at("a", 0), X.at("a", 1), {}));
  // c() blocks one of the two paths only.
  EXPECT_TRUE(X.G->isReachableAfter(X.at("b"), X.at("a", 1), {X.at("c")}));
}

TEST(FlowGraph, LoopsReachThemselves) {
  Graph X = graphOf("a();\nwhile (cond()) { b(); if (cond()) break; c(); }\n");
  EXPECT_TRUE(X.G->isReachableAfter(X.at("b"), X.at("b"), {}));
  EXPECT_TRUE(X.G->isReachableAfter(X.at("c"), X.at("b"), {}));
  EXPECT_FALSE(X.G->isReachableAfter(X.at("b"), X.at("a"), {}));
  EXPECT_FALSE(X.G->isReachableAfter(X.at("b"), X.at("b"), {X.at("c")}));
}

TEST(FlowGraph, ExitAvoidingAndReturns) {
  Graph X = graphOf("if (cond()) { a(); return; }\nb();");
  EXPECT_FALSE(X.G->isReachableAfter(X.at("a"), X.at("b"), {}));
  auto Blocks = [&](const Stmt* S) {
    return [S](const CFGElement& E, clang::tidy::tapecheck::FlowPos) { return FlowGraph::stmtOf(E) == S; };
  };
  EXPECT_TRUE(X.G->exitReachableAvoiding(Blocks(X.at("a"))));
  EXPECT_TRUE(X.G->exitReachableAvoiding(Blocks(X.at("b"))));
  Graph Y = graphOf("if (cond()) a(); else a();\nb();");
  EXPECT_FALSE(Y.G->exitReachableAvoiding(Blocks(Y.at("b"))));
}

TEST(FlowGraph, DestructorsOfScopedObjects) {
  Graph X = graphOf("struct S { ~S(); };\nfor (int i = 0; i < 3; ++i) { S s; if (cond()) break; if (cond()) "
                    "continue; a(); }");
  const auto* S = match(varDecl(hasName("s")).bind("v"), X.AST->getASTContext())[0].getNodeAs<VarDecl>("v");
  ASSERT_TRUE(S);
  EXPECT_TRUE(X.G->declarationOf(S).has_value());
  // One destructor on each way out of the body: break, continue, fall-through.
  EXPECT_EQ(X.G->destructorsOf(S).size(), 3u);
}

TEST(FlowGraph, ExceptionDispatchFollowsHandlerTypes) {
  auto AST = parse(std::string(Markers) +
                   "struct Base {}; struct Derived : Base {};\n"
                   "void f() { try { throw Derived(); } catch (int) { a(); } catch (const Base&) { b(); } "
                   "catch (const Derived&) { c(); } }\n");
  ASSERT_TRUE(AST);
  ASTContext& Ctx = AST->getASTContext();
  const auto* Throw = match(cxxThrowExpr().bind("t"), Ctx)[0].getNodeAs<CXXThrowExpr>("t");
  QualType T = FlowGraph::thrownType(Throw);
  ASSERT_FALSE(T.isNull());
  const auto* Try = match(cxxTryStmt().bind("t"), Ctx)[0].getNodeAs<CXXTryStmt>("t");
  EXPECT_FALSE(FlowGraph::handlerMayCatch(Try->getHandler(0), T));
  EXPECT_TRUE(FlowGraph::handlerSurelyCatches(Try->getHandler(1), T));
  EXPECT_TRUE(FlowGraph::handlerMayCatch(Try->getHandler(2), T));
  // Rethrow: unknown type, every handler may catch it.
  EXPECT_TRUE(FlowGraph::handlerMayCatch(Try->getHandler(0), QualType()));
}

TEST(TapeModel, RecognisesTheRuntimeThroughAliases) {
  auto AST = parse("#include <tape/tape.hpp>\n"
                   "namespace tp = tape; using T = tp::GradientTape;\n"
                   "void f(T& r, T* p, tape::Tensor t, const tape::Variable& v) {\n"
                   "  auto a = T(); auto& b = r; r.gradient(t, v); r.release(); (void)r.persistent();\n"
                   "  auto s = r.record(); auto q = p->stop_recording(); r.watch(t);\n}\n");
  ASSERT_TRUE(AST);
  ASTContext& Ctx = AST->getASTContext();
  using namespace clang::tidy::tapecheck;
  const FunctionDecl* F = function(Ctx, "f");
  ASSERT_TRUE(F);
  EXPECT_EQ(tapeTypeForm(F->getParamDecl(0)->getType()), TapeTypeForm::Reference);
  EXPECT_EQ(tapeTypeForm(F->getParamDecl(1)->getType()), TapeTypeForm::Pointer);
  EXPECT_EQ(tapeTypeForm(F->getParamDecl(2)->getType()), TapeTypeForm::None);
  std::vector<std::string> Methods;
  for (const auto& N : match(functionDecl(forEachDescendant(cxxMemberCallExpr().bind("m"))), *F, Ctx))
    if (auto TC = matchTapeCall(N.getNodeAs<CXXMemberCallExpr>("m")))
      Methods.push_back(tapeMethodName(TC->Method).str());
  EXPECT_THAT(Methods, ::testing::UnorderedElementsAre("gradient", "release", "persistent", "record",
                                                       "stop_recording", "watch"));
  EXPECT_EQ(scanFunctionForTapes(F), BodyScan::MentionsTape);
  EXPECT_TRUE(translationUnitMayUseTapes(Ctx));
}

TEST(TapeModel, EvaluatesTapeOptions) {
  auto AST = parse("#include <tape/tape.hpp>\n"
                   "constexpr tape::TapeOptions K{.persistent = true};\n"
                   "void f(bool flag) {\n"
                   "  tape::GradientTape t0;\n"
                   "  tape::GradientTape t1({.persistent = true});\n"
                   "  tape::GradientTape t2(K);\n"
                   "  tape::GradientTape t3({.persistent = flag});\n"
                   "  tape::TapeOptions o{.watch_accessed_variables = false};\n"
                   "  tape::GradientTape t4(o);\n"
                   "  auto t5 = tape::GradientTape(tape::TapeOptions{true, false});\n"
                   "}\n");
  ASSERT_TRUE(AST);
  ASTContext& Ctx = AST->getASTContext();
  using namespace clang::tidy::tapecheck;
  const FunctionDecl* F = function(Ctx, "f");
  auto Var = [&](const char* Name) {
    return match(varDecl(hasName(Name)).bind("v"), Ctx)[0].getNodeAs<VarDecl>("v");
  };
  EXPECT_EQ(tapePersistence(Var("t0"), Ctx, F->getBody()), Tristate::False);
  EXPECT_EQ(tapePersistence(Var("t1"), Ctx, F->getBody()), Tristate::True);
  EXPECT_EQ(tapePersistence(Var("t2"), Ctx, F->getBody()), Tristate::True);
  EXPECT_EQ(tapePersistence(Var("t3"), Ctx, F->getBody()), Tristate::Unknown);
  EXPECT_EQ(tapePersistence(Var("t4"), Ctx, F->getBody()), Tristate::False);
  EXPECT_EQ(tapeConstructorOption(tapeConstruction(Var("t4")), "watch_accessed_variables", Ctx, F->getBody()),
            Tristate::False);
  EXPECT_EQ(tapePersistence(Var("t5"), Ctx, F->getBody()), Tristate::True);
  EXPECT_EQ(tapeConstructorOption(tapeConstruction(Var("t5")), "watch_accessed_variables", Ctx, F->getBody()),
            Tristate::False);
}

TEST(TapeModel, UnrelatedTranslationUnitIsFilteredInConstantTime) {
  auto AST = parse("#include <vector>\nint f() { std::vector<int> v; return v.size(); }\n");
  ASSERT_TRUE(AST);
  EXPECT_FALSE(clang::tidy::tapecheck::translationUnitMayUseTapes(AST->getASTContext()));
}

}  // namespace
