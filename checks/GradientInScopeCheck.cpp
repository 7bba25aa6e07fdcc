//===--- GradientInScopeCheck.cpp - tape-gradient-in-scope ----------------===//

#include "GradientInScopeCheck.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::tapecheck {

void GradientInScopeCheck::checkUnit(const FunctionUnit &U, ASTContext &) {
  for (const ValueDecl *Tape : U.rootsWithEvents()) {
    const TapeRoot *Root = U.root(Tape);
    if (!Root || Root->Persistent != Tristate::True)
      continue;
    // On a released tape gradient() throws before it could record anything.
    llvm::SmallPtrSet<const CallExpr *, 4> AfterRelease;
    for (const auto &Pair : LifecycleAnalysis::gradientsAfterRelease(U, Tape))
      AfterRelease.insert(Pair.second.Call);

    for (const auto &[Gradient, Scope] :
         LifecycleAnalysis::gradientsInScope(U, Tape)) {
      if (AfterRelease.count(Gradient.Call))
        continue;
      SourceLocation Loc = locOf(Gradient.Call);
      if (!firstReport(Loc))
        continue;
      diag(Loc, "gradient() on persistent tape %0 inside its own recording "
                "scope: the backward pass is recorded too (slow, "
                "memory-hungry); take the gradient after the scope ends")
          << Tape;
      noteVia(Gradient, "this gradient() is");
      diag(fileLoc(Scope->getLocation()), "recording scope %0 of %1 is alive here",
           DiagnosticIDs::Note)
          << Scope << Tape;
    }
  }
}

} // namespace clang::tidy::tapecheck
