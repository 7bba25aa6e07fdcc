//===--- UseAfterReleaseCheck.h - tape-use-after-release ------------------===//
//
// Part of tapecheck. gradient() reachable after release() on the same tape.
// See docs/checks/use-after-release.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_USEAFTERRELEASECHECK_H
#define TAPECHECK_CHECKS_USEAFTERRELEASECHECK_H

#include "utils/LifecycleCheck.h"

namespace clang::tidy::tapecheck {

/// Flags gradient() on a ::tape::GradientTape that may already be released
/// (release() on some path before it, directly or in a helper or lambda).
/// The runtime throws tape::TapeReleasedError there.
///
/// Options: HelperDepth (default 3).
class UseAfterReleaseCheck : public LifecycleCheck {
public:
  UseAfterReleaseCheck(StringRef Name, ClangTidyContext *Context)
      : LifecycleCheck(Name, Context) {}

protected:
  void checkUnit(const FunctionUnit &U, ASTContext &Ctx) override;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_USEAFTERRELEASECHECK_H
