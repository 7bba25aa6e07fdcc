//===--- UnwatchedSourceCheck.cpp - tape-unwatched-source -----------------===//

#include "UnwatchedSourceCheck.h"

namespace clang::tidy::tapecheck {

UnwatchedSourceCheck::UnwatchedSourceCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : FlowCheck(Name, Context, flow::FindingKind::UnwatchedSource) {}

bool UnwatchedSourceCheck::report(const flow::FlowFinding &F,
                                  SourceLocation Loc) {
  bool Late = F.Detail == "watched too late";
  diag(Loc, "gradient with respect to '%0', which tape '%1' %select{never "
            "watches|watches only after its first use}2: the gradient is "
            "missing; call '%1.watch(%0)' inside the recording scope before "
            "'%0' is used")
      << F.SourceName << F.TapeName << (Late ? 1 : 0);
  return true;
}

} // namespace clang::tidy::tapecheck
