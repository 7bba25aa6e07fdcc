//===--- OpOutsideScopeCheck.h - tape-op-outside-scope ----------------------===//
//
// Part of tapecheck. An operation on the way from a gradient() source to
// its target ran while the tape was not recording (before its scope, after
// it, between two scopes, or in a helper called outside).
// See docs/checks/op-outside-scope.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_OPOUTSIDESCOPECHECK_H
#define TAPECHECK_CHECKS_OPOUTSIDESCOPECHECK_H

#include "utils/FlowCheck.h"

namespace clang::tidy::tapecheck {

class OpOutsideScopeCheck : public FlowCheck {
public:
  OpOutsideScopeCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  bool report(const flow::FlowFinding &F, SourceLocation Loc) override;

private:
  /// Also report when a recorded path remains (the gradient exists but
  /// misses a contribution). Default true.
  const bool ReportPartial;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_OPOUTSIDESCOPECHECK_H
