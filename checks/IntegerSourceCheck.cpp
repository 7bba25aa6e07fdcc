//===--- IntegerSourceCheck.cpp - tape-integer-source ---------------------===//

#include "IntegerSourceCheck.h"

namespace clang::tidy::tapecheck {

IntegerSourceCheck::IntegerSourceCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : FlowCheck(Name, Context, flow::FindingKind::IntegerSource) {}

bool IntegerSourceCheck::report(const flow::FlowFinding &F,
                                SourceLocation Loc) {
  auto D = diag(Loc, "gradient with respect to '%0', which has integer dtype "
                     "i64: integer tensors are not differentiable and the "
                     "gradient is missing; create it from a floating-point "
                     "value")
           << F.SourceName;
  if (F.Fix)
    D << *F.Fix;
  return true;
}

} // namespace clang::tidy::tapecheck
