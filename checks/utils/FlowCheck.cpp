//===--- FlowCheck.cpp - base of the tape dataflow checks -----------------===//

#include "FlowCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::tapecheck {

FlowCheck::FlowCheck(StringRef Name, ClangTidyContext *Context,
                     flow::FindingKind Kind)
    : ClangTidyCheck(Name, Context), Kind(Kind) {}

void FlowCheck::registerMatchers(MatchFinder *Finder) {
  // Downward only (no hasAncestor/forCallable): the analysis itself skips
  // functions without a gradient() call after one cheap scan.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void FlowCheck::onStartOfTranslationUnit() {
  // The cache holds AST pointers of the previous translation unit.
  flow::resetFlowCache();
  Reported.clear();
}

void FlowCheck::onEndOfTranslationUnit() {
  flow::resetFlowCache();
  Reported.clear();
}

SourceLocation FlowCheck::fileLoc(SourceLocation L) const {
  if (!SM || L.isInvalid())
    return L;
  return SM->getExpansionLoc(L);
}

void FlowCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!FD || !Result.Context)
    return;
  SM = Result.SourceManager;
  const flow::FunctionFlowResult &R = flow::analyzeFunction(FD, *Result.Context);
  for (const flow::FlowFinding &F : R.Findings) {
    if (F.Kind != Kind)
      continue;
    SourceLocation Loc = fileLoc(F.Loc);
    if (Loc.isInvalid())
      continue;
    // Template instantiations repeat the same finding.
    if (!Reported.insert({Loc.getRawEncoding(), F.SourceName}).second)
      continue;
    if (report(F, Loc))
      emitNotes(F);
  }
}

void FlowCheck::emitNotes(const flow::FlowFinding &F) {
  for (const flow::FlowNote &N : F.Notes) {
    SourceLocation L = fileLoc(N.Loc);
    if (L.isValid())
      diag(L, "%0", DiagnosticIDs::Note) << N.Message;
  }
}

} // namespace clang::tidy::tapecheck
