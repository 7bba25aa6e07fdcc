//===--- UnwatchedSourceCheck.h - tape-unwatched-source ---------------------===//
//
// Part of tapecheck. gradient() with respect to a constant tensor that was
// not watched before its first use in the recording scope (never, or too
// late); with watch_accessed_variables = false, an unwatched Variable too.
// See docs/checks/unwatched-source.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_UNWATCHEDSOURCECHECK_H
#define TAPECHECK_CHECKS_UNWATCHEDSOURCECHECK_H

#include "utils/FlowCheck.h"

namespace clang::tidy::tapecheck {

class UnwatchedSourceCheck : public FlowCheck {
public:
  UnwatchedSourceCheck(StringRef Name, ClangTidyContext *Context);

protected:
  bool report(const flow::FlowFinding &F, SourceLocation Loc) override;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_UNWATCHEDSOURCECHECK_H
