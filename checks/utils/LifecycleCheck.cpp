//===--- LifecycleCheck.cpp - base of the tape lifecycle checks -----------===//

#include "LifecycleCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::tapecheck {

LifecycleCheck::LifecycleCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      HelperDepth(Options.get("HelperDepth", 3U)) {
  AnalysisOptions Opts;
  Opts.HelperDepth = HelperDepth;
  setAnalysisOptions(Opts);
}

void LifecycleCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "HelperDepth", HelperDepth);
}

void LifecycleCheck::registerMatchers(MatchFinder *Finder) {
  // Downward only: no hasAncestor/forCallable (they build a parent map of
  // the whole translation unit). Everything else happens in check().
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void LifecycleCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!FD || !Result.Context)
    return;
  SM = Result.SourceManager;
  const FunctionUnit *U = Analysis->analyzeFunction(FD, *Result.Context);
  if (!U)
    return;
  for (const FunctionUnit *Unit : U->selfAndNested())
    checkUnit(*Unit, *Result.Context);
}

void LifecycleCheck::onEndOfTranslationUnit() {
  Analysis->clear();
  Reported.clear();
}

SourceLocation LifecycleCheck::fileLoc(SourceLocation L) const {
  if (!SM || L.isInvalid())
    return L;
  return SM->getExpansionLoc(L);
}

SourceLocation LifecycleCheck::locOf(const Expr *E) const {
  if (!E)
    return {};
  return fileLoc(E->getExprLoc());
}

bool LifecycleCheck::firstReport(SourceLocation L) {
  return L.isValid() && Reported.insert(L.getRawEncoding()).second;
}

void LifecycleCheck::noteVia(const DeepSite &Site, StringRef What) {
  for (const Expr *Call : Site.Via)
    diag(locOf(Call), "%0 reached through this call", DiagnosticIDs::Note)
        << What;
}

} // namespace clang::tidy::tapecheck
