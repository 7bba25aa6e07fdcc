//===--- UseAfterReleaseCheck.cpp - tape-use-after-release ----------------===//

#include "UseAfterReleaseCheck.h"

namespace clang::tidy::tapecheck {

void UseAfterReleaseCheck::checkUnit(const FunctionUnit &U, ASTContext &) {
  for (const ValueDecl *Tape : U.rootsWithEvents()) {
    for (const auto &[Release, Gradient] :
         LifecycleAnalysis::gradientsAfterRelease(U, Tape)) {
      SourceLocation Loc = locOf(Gradient.Call);
      if (!firstReport(Loc))
        continue;
      diag(Loc, "gradient() on tape %0 after it was released (the runtime "
                "throws tape::TapeReleasedError); take every gradient before "
                "release()")
          << Tape;
      noteVia(Gradient, "this gradient() is");
      diag(locOf(Release.Call), "%0 is released here", DiagnosticIDs::Note)
          << Tape;
      noteVia(Release, "the release() is");
    }
  }
}

} // namespace clang::tidy::tapecheck
