//===--- IntegerSourceCheck.h - tape-integer-source -------------------------===//
//
// Part of tapecheck. gradient() with respect to a source of integer dtype
// (Variable(2), Tensor(2), cast(t, DType::i64)), alone or among several
// sources.
// See docs/checks/integer-source.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_INTEGERSOURCECHECK_H
#define TAPECHECK_CHECKS_INTEGERSOURCECHECK_H

#include "utils/FlowCheck.h"

namespace clang::tidy::tapecheck {

class IntegerSourceCheck : public FlowCheck {
public:
  IntegerSourceCheck(StringRef Name, ClangTidyContext *Context);

protected:
  bool report(const flow::FlowFinding &F, SourceLocation Loc) override;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_INTEGERSOURCECHECK_H
