//===--- RawArrayMixingCheck.h - tape-raw-array-mixing ----------------------===//
//
// Part of tapecheck. Values derived from a gradient() source left the tape
// as raw data (item/to_vector/data) and came back into the target as a
// constant, or view memory read by a recorded operation changed before
// gradient().
// See docs/checks/raw-array-mixing.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_RAWARRAYMIXINGCHECK_H
#define TAPECHECK_CHECKS_RAWARRAYMIXINGCHECK_H

#include "utils/FlowCheck.h"

namespace clang::tidy::tapecheck {

class RawArrayMixingCheck : public FlowCheck {
public:
  RawArrayMixingCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  bool report(const flow::FlowFinding &F, SourceLocation Loc) override;

private:
  /// Also report when a clean path remains. Default true.
  const bool ReportPartial;
  /// Report writes to memory under a Tensor::view. Default true.
  const bool CheckViewWrites;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_RAWARRAYMIXINGCHECK_H
