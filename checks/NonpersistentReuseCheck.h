//===--- NonpersistentReuseCheck.h - tape-nonpersistent-reuse -------------===//
//
// Part of tapecheck. A second gradient() reachable after a first one on a
// tape constructed non-persistent. See docs/checks/nonpersistent-reuse.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_NONPERSISTENTREUSECHECK_H
#define TAPECHECK_CHECKS_NONPERSISTENTREUSECHECK_H

#include "utils/LifecycleCheck.h"

namespace clang::tidy::tapecheck {

/// Flags gradient() on a non-persistent ::tape::GradientTape when another
/// gradient() on the same tape can run before it (straight line, loops,
/// lambdas called twice, helpers taking the tape by reference). Exclusive
/// branches stay silent. The runtime throws tape::TapeReuseError there.
///
/// Options: HelperDepth (default 3).
class NonpersistentReuseCheck : public LifecycleCheck {
public:
  NonpersistentReuseCheck(StringRef Name, ClangTidyContext *Context)
      : LifecycleCheck(Name, Context) {}

protected:
  void checkUnit(const FunctionUnit &U, ASTContext &Ctx) override;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_NONPERSISTENTREUSECHECK_H
