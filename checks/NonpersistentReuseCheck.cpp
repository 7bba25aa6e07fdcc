//===--- NonpersistentReuseCheck.cpp - tape-nonpersistent-reuse -----------===//

#include "NonpersistentReuseCheck.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::tapecheck {

void NonpersistentReuseCheck::checkUnit(const FunctionUnit &U, ASTContext &) {
  for (const ValueDecl *Tape : U.rootsWithEvents()) {
    const TapeRoot *Root = U.root(Tape);
    if (!Root || Root->Persistent != Tristate::False)
      continue;
    // A gradient() that may follow a release() is use-after-release, which
    // the runtime reports first (one finding per call).
    llvm::SmallPtrSet<const CallExpr *, 4> AfterRelease;
    for (const auto &Pair : LifecycleAnalysis::gradientsAfterRelease(U, Tape))
      AfterRelease.insert(Pair.second.Call);

    for (const auto &[First, Second] : LifecycleAnalysis::reusePairs(U, Tape)) {
      if (AfterRelease.count(Second.Call))
        continue;
      SourceLocation Loc = locOf(Second.Call);
      if (!firstReport(Loc))
        continue;
      diag(Loc, "second gradient() on non-persistent tape %0, which answers "
                "only one gradient() (the runtime throws "
                "tape::TapeReuseError); construct it with {.persistent = "
                "true} and release() it after the last gradient, or use one "
                "tape per gradient")
          << Tape;
      noteVia(Second, "this gradient() is");
      bool SameCall = First.Call == Second.Call && First.Via == Second.Via;
      diag(locOf(First.Call),
           SameCall ? "%0 already answered this gradient() in an earlier "
                      "iteration"
                    : "first gradient() on %0 is here",
           DiagnosticIDs::Note)
          << Tape;
      if (!SameCall)
        noteVia(First, "the first gradient() is");
    }
  }
}

} // namespace clang::tidy::tapecheck
