//===--- FlowCheck.h - base of the tape dataflow checks -------------------===//
//
// Part of tapecheck. What the five dataflow checks (integer-source,
// unwatched-source, raw-array-mixing, non-differentiable-path,
// op-outside-scope) share: one cheap matcher per function definition outside
// system headers, the per-TU cache of the value-flow analysis (ValueFlow.h;
// computed once per function, whichever check asks first), once-per-location
// reporting, and the notes at the step that breaks the path.
//
// Each check reports only the findings of its own kind; the analysis has
// already chosen one kind per gradient() call and source, so two of these
// checks never fire on the same call and source.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_UTILS_FLOWCHECK_H
#define TAPECHECK_CHECKS_UTILS_FLOWCHECK_H

#include "ValueFlow.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <set>
#include <string>
#include <utility>

namespace clang::tidy::tapecheck {

class FlowCheck : public ClangTidyCheck {
public:
  FlowCheck(StringRef Name, ClangTidyContext *Context, flow::FindingKind Kind);

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) final;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

protected:
  /// Emits the primary diagnostic for \p F (of this check's kind) at \p Loc
  /// (the gradient() call, macro expansions resolved). Return false to skip.
  virtual bool report(const flow::FlowFinding &F, SourceLocation Loc) = 0;
  /// Emits F's notes (call after the primary diagnostic).
  void emitNotes(const flow::FlowFinding &F);
  SourceLocation fileLoc(SourceLocation L) const;

  const SourceManager *SM = nullptr;

private:
  flow::FindingKind Kind;
  std::set<std::pair<unsigned, std::string>> Reported;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_UTILS_FLOWCHECK_H
