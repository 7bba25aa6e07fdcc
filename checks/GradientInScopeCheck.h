//===--- GradientInScopeCheck.h - tape-gradient-in-scope ------------------===//
//
// Part of tapecheck. gradient() on a persistent tape while its own recording
// scope is alive. See docs/checks/gradient-in-scope.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_GRADIENTINSCOPECHECK_H
#define TAPECHECK_CHECKS_GRADIENTINSCOPECHECK_H

#include "utils/LifecycleCheck.h"

namespace clang::tidy::tapecheck {

/// Flags gradient() on a persistent ::tape::GradientTape reachable while a
/// RecordingScope of the same tape (`auto scope = tape.record();`) is alive
/// and no RecordingPause of it (`tape.stop_recording()`) is the innermost.
/// The runtime then records the backward pass too.
///
/// Options: HelperDepth (default 3).
class GradientInScopeCheck : public LifecycleCheck {
public:
  GradientInScopeCheck(StringRef Name, ClangTidyContext *Context)
      : LifecycleCheck(Name, Context) {}

protected:
  void checkUnit(const FunctionUnit &U, ASTContext &Ctx) override;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_GRADIENTINSCOPECHECK_H
