//===--- NonDifferentiablePathCheck.cpp - tape-non-differentiable-path ----===//

#include "NonDifferentiablePathCheck.h"

namespace clang::tidy::tapecheck {

NonDifferentiablePathCheck::NonDifferentiablePathCheck(
    StringRef Name, ClangTidyContext *Context)
    : FlowCheck(Name, Context, flow::FindingKind::NonDifferentiablePath) {}

bool NonDifferentiablePathCheck::report(const flow::FlowFinding &F,
                                        SourceLocation Loc) {
  diag(Loc, "every path from '%0' to '%1'%select{| that %3 recorded}4 "
            "crosses a non-differentiable operation ('%2'): the gradient is "
            "missing")
      << F.SourceName << F.TargetName << F.Detail << ("'" + F.TapeName + "'")
      << F.UnrecordedToo;
  return true;
}

} // namespace clang::tidy::tapecheck
