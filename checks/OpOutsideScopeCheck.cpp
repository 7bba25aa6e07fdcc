//===--- OpOutsideScopeCheck.cpp - tape-op-outside-scope ------------------===//

#include "OpOutsideScopeCheck.h"

namespace clang::tidy::tapecheck {

OpOutsideScopeCheck::OpOutsideScopeCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : FlowCheck(Name, Context, flow::FindingKind::OpOutsideScope),
      ReportPartial(Options.get("ReportPartial", true)) {}

void OpOutsideScopeCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ReportPartial", ReportPartial);
}

bool OpOutsideScopeCheck::report(const flow::FlowFinding &F,
                                 SourceLocation Loc) {
  if (F.Partial && !ReportPartial)
    return false;
  diag(Loc, "gradient of '%0' with respect to '%1' is %select{missing|"
            "partial}2: an operation between them ran while tape '%3' was "
            "not recording; compute it inside the tape's recording scope")
      << F.TargetName << F.SourceName << (F.Partial ? 1 : 0) << F.TapeName;
  return true;
}

} // namespace clang::tidy::tapecheck
