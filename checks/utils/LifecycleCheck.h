//===--- LifecycleCheck.h - base of the tape lifecycle checks -------------===//
//
// Part of tapecheck. What the four lifecycle checks (nonpersistent-reuse,
// use-after-release, persistent-not-released, gradient-in-scope) share: one
// cheap matcher per function definition outside system headers, the
// LifecycleAnalysis cache (reset per translation unit), the HelperDepth
// option, once-per-location reporting and the "reached through this call"
// notes. Checks with the same options share one analysis.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_UTILS_LIFECYCLECHECK_H
#define TAPECHECK_CHECKS_UTILS_LIFECYCLECHECK_H

#include "TapeLifecycle.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::tapecheck {

class LifecycleCheck : public ClangTidyCheck {
public:
  LifecycleCheck(StringRef Name, ClangTidyContext *Context);

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) final;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;

protected:
  /// Reports what the check finds in one unit (a function or a lambda body;
  /// called for each).
  virtual void checkUnit(const FunctionUnit &U, ASTContext &Ctx) = 0;
  /// Lets a derived check adjust the analysis options (before any use).
  void setAnalysisOptions(const AnalysisOptions &Opts) {
    Analysis = LifecycleAnalysis::shared(Opts);
  }
  const AnalysisOptions &analysisOptions() const { return Analysis->options(); }

  /// The file location a diagnostic about \p E points at (macro expansions
  /// resolved to where the macro is used).
  SourceLocation locOf(const Expr *E) const;
  SourceLocation fileLoc(SourceLocation L) const;
  /// True the first time a finding is reported at \p L in this translation
  /// unit (template instantiations and several routes to the same call
  /// produce the same finding).
  bool firstReport(SourceLocation L);
  /// Notes the call sites through which a finding reaches \p Site.
  void noteVia(const DeepSite &Site, StringRef What);

  const SourceManager *SM = nullptr;
  const unsigned HelperDepth;

private:
  /// Shared with the other lifecycle checks configured alike.
  std::shared_ptr<LifecycleAnalysis> Analysis;
  llvm::DenseSet<unsigned> Reported; // raw encodings of file locations
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_UTILS_LIFECYCLECHECK_H
