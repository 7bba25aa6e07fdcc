//===--- RawArrayMixingCheck.cpp - tape-raw-array-mixing ------------------===//

#include "RawArrayMixingCheck.h"

namespace clang::tidy::tapecheck {

RawArrayMixingCheck::RawArrayMixingCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : FlowCheck(Name, Context, flow::FindingKind::RawArrayMixing),
      ReportPartial(Options.get("ReportPartial", true)),
      CheckViewWrites(Options.get("CheckViewWrites", true)) {}

void RawArrayMixingCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ReportPartial", ReportPartial);
  Options.store(Opts, "CheckViewWrites", CheckViewWrites);
}

bool RawArrayMixingCheck::report(const flow::FlowFinding &F,
                                 SourceLocation Loc) {
  if (F.ViewWrite) {
    // A changed view makes the gradient wrong whatever other paths remain:
    // ReportPartial does not apply.
    if (!CheckViewWrites)
      return false;
    diag(Loc, "gradient of '%0' with respect to '%1' is wrong: memory under a "
              "Tensor::view read by a recorded operation is written before "
              "gradient(); keep the buffer unchanged until the gradient is "
              "computed, or copy it with Tensor::from_raw")
        << F.TargetName << F.SourceName;
    return true;
  }
  // Partial, or perhaps partial (an opaque call may still carry a
  // gradient): ReportPartial=false keeps only gradients known to be missing.
  if ((F.Partial || F.MaybePartial) && !ReportPartial)
    return false;
  diag(Loc, "gradient of '%0' with respect to '%1' is %select{missing|"
            "partial|missing or partial}2: values derived from '%1' left the "
            "tape through '%3()' and came back as a constant; keep the "
            "computation in tensor operations")
      << F.TargetName << F.SourceName
      << (F.Partial ? 1 : F.MaybePartial ? 2 : 0) << F.Detail;
  return true;
}

} // namespace clang::tidy::tapecheck
