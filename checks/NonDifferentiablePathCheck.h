//===--- NonDifferentiablePathCheck.h - tape-non-differentiable-path --------===//
//
// Part of tapecheck. Every path from a gradient() source to its target
// crosses a non-differentiable operation (argmax, round, floor, sign,
// greater, less, cast to an integer dtype).
// See docs/checks/non-differentiable-path.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_NONDIFFERENTIABLEPATHCHECK_H
#define TAPECHECK_CHECKS_NONDIFFERENTIABLEPATHCHECK_H

#include "utils/FlowCheck.h"

namespace clang::tidy::tapecheck {

class NonDifferentiablePathCheck : public FlowCheck {
public:
  NonDifferentiablePathCheck(StringRef Name, ClangTidyContext *Context);

protected:
  bool report(const flow::FlowFinding &F, SourceLocation Loc) override;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_NONDIFFERENTIABLEPATHCHECK_H
