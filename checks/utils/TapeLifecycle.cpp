//===--- TapeLifecycle.cpp - what a function does to its tapes ------------===//

#include "TapeLifecycle.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::tapecheck {

//===----------------------------------------------------------------------===//
// DeepSite, FunctionUnit
//===----------------------------------------------------------------------===//

DeepSite DeepSite::through(const Expr *CallSite) const {
  DeepSite D;
  D.Call = Call;
  D.Via.push_back(CallSite);
  D.Via.append(Via.begin(), Via.end());
  return D;
}

std::vector<const FunctionUnit *> FunctionUnit::selfAndNested() const {
  std::vector<const FunctionUnit *> Out{this};
  for (size_t I = 0; I < Out.size(); ++I)
    for (const FunctionUnit *L : Out[I]->Lambdas)
      if (!llvm::is_contained(Out, L))
        Out.push_back(L);
  return Out;
}

const TapeRoot *FunctionUnit::root(const ValueDecl *D) const {
  for (const FunctionUnit *U = this; U; U = U->Parent) {
    auto It = U->Roots.find(D);
    if (It != U->Roots.end())
      return &It->second;
  }
  return nullptr;
}

std::vector<const TapeRoot *> FunctionUnit::ownRoots() const {
  std::vector<const TapeRoot *> Out;
  for (const auto &KV : Roots)
    Out.push_back(&KV.second);
  return Out;
}

std::vector<const ValueDecl *> FunctionUnit::rootsWithEvents() const {
  std::vector<const ValueDecl *> Out;
  for (const TapeEvent &E : Events)
    if (!llvm::is_contained(Out, E.Tape))
      Out.push_back(E.Tape);
  return Out;
}

const ValueDecl *FunctionUnit::resolve(const ValueDecl *D) const {
  if (!D)
    return nullptr;
  for (const FunctionUnit *U = this; U; U = U->Parent) {
    if (U->Roots.count(D))
      return D;
    auto It = U->Aliases.find(D);
    if (It != U->Aliases.end())
      return It->second; // aliases map straight to their root
  }
  return nullptr;
}

bool FunctionUnit::refersTo(const Stmt *S, const ValueDecl *Root) const {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    if (resolve(DRE->getDecl()) == Root)
      return true;
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      for (const FunctionUnit *U = this; U; U = U->Parent) {
        auto It = U->Closures.find(VD);
        if (It != U->Closures.end() && llvm::is_contained(It->second, Root))
          return true;
      }
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable() && resolve(C.getCapturedVar()) == Root)
        return true;
    return false;
  }
  for (const Stmt *Child : S->children())
    if (refersTo(Child, Root))
      return true;
  return false;
}

const ScopeVar *FunctionUnit::scopeOf(const VarDecl *V, const ValueDecl *Tape) const {
  if (!V)
    return nullptr;
  for (const ScopeVar &SV : Scopes)
    if (SV.Var == V && SV.Tape == Tape)
      return &SV;
  return nullptr;
}

const ScopeVar *FunctionUnit::opens(const CFGElement &E, const ValueDecl *Tape) const {
  const ScopeVar *SV = scopeOf(declaredBy(E), Tape);
  return SV && !SV->MovedFrom ? SV : nullptr;
}

const ScopeVar *FunctionUnit::closes(const CFGElement &E, const ValueDecl *Tape) const {
  const ScopeVar *SV = scopeOf(destroyedBy(E), Tape);
  return SV && !SV->MovedOut ? SV : nullptr;
}

llvm::ArrayRef<unsigned> FunctionUnit::eventsAt(const CFGElement &E) const {
  const Stmt *S = FlowGraph::stmtOf(E);
  if (!S)
    return {};
  auto It = EventIndex.find(S);
  if (It == EventIndex.end())
    return {};
  return It->second;
}

const VarDecl *FunctionUnit::declaredBy(const CFGElement &E) {
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(FlowGraph::stmtOf(E)))
    if (DS->isSingleDecl())
      return dyn_cast<VarDecl>(DS->getSingleDecl());
  return nullptr;
}

const VarDecl *FunctionUnit::destroyedBy(const CFGElement &E) {
  if (std::optional<CFGAutomaticObjDtor> D = E.getAs<CFGAutomaticObjDtor>())
    return D->getVarDecl();
  return nullptr;
}

const CXXTryStmt *FunctionUnit::tryOf(const CXXCatchStmt *C) const {
  auto It = CatchParents.find(C);
  return It == CatchParents.end() ? nullptr : It->second;
}

//===----------------------------------------------------------------------===//
// UnitBuilder: one walk over a body, collecting roots, aliases, events.
//===----------------------------------------------------------------------===//

class UnitBuilder {
public:
  UnitBuilder(LifecycleAnalysis &A, FunctionUnit &U, unsigned Depth,
              ASTContext &Ctx)
      : A(A), U(U), Depth(Depth), Ctx(Ctx) {}

  void run();

private:
  void traverse(const Stmt *S);
  void onDeclStmt(const DeclStmt *DS);
  void onDeclRef(const DeclRefExpr *DRE);
  void onMethodCall(const CXXMemberCallExpr *MCE, const ValueDecl *Root);
  void onCallArgument(const CallExpr *CE, const Expr *Child, bool IsPointer,
                      const ValueDecl *Root, const DeclRefExpr *DRE);
  void onVarInit(const DeclStmt *DS, const Expr *Child, bool IsPointer,
                 const ValueDecl *Root, const DeclRefExpr *DRE);
  void onLambda(const LambdaExpr *LE);
  void onScopeMove(const CallExpr *Call);
  void onClosureUse(const DeclRefExpr *DRE,
                    llvm::ArrayRef<const ValueDecl *> Roots);
  void callLambda(const CallExpr *Call, const FunctionDecl *Op,
                  llvm::ArrayRef<const ValueDecl *> Roots);
  const TapeSummary *calleeSummary(const FunctionDecl *Callee,
                                   unsigned ParamIdx);
  const ValueDecl *rootOfObject(const Expr *E) const;
  const llvm::SmallVector<const ValueDecl *, 2> *
  findClosure(const VarDecl *VD) const;
  /// Climbs from \p From (index into Stack) through wrappers of a lambda
  /// value; returns the index of the first non-wrapper ancestor, updating
  /// \p Child.
  int climbValueWrappers(int From, const Stmt *&Child) const;

  void addEvent(TapeEventKind K, const ValueDecl *Root, const Stmt *Anchor,
                const Expr *Site, const TapeSummary *S = nullptr) {
    TapeEvent E;
    E.Kind = K;
    E.Tape = Root;
    E.Anchor = Anchor;
    E.Site = Site;
    E.Callee = S;
    U.Events.push_back(E);
  }
  void addEscape(const ValueDecl *Root, const Stmt *Anchor) {
    addEvent(TapeEventKind::Escape, Root, Anchor, dyn_cast<Expr>(Anchor));
  }

  LifecycleAnalysis &A;
  FunctionUnit &U;
  unsigned Depth;
  ASTContext &Ctx;
  std::vector<const Stmt *> Stack;
  std::vector<const CXXTryStmt *> TryStack;
};

void UnitBuilder::run() {
  for (const ParmVarDecl *P : U.FD->parameters())
    if (mentionsTapeType(P->getType())) {
      TapeRoot R;
      R.Decl = P;
      R.Kind = RootKind::Parameter;
      U.Roots[P] = R;
    }
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(U.FD))
    if (U.Parent == nullptr)
      for (const CXXCtorInitializer *Init : Ctor->inits())
        traverse(Init->getInit());
  traverse(U.Body);

  for (unsigned I = 0, N = U.Events.size(); I < N; ++I) {
    TapeEvent &E = U.Events[I];
    E.Pos = U.Graph->positionOf(E.Anchor);
    if (E.Pos)
      U.EventIndex[E.Anchor].push_back(I);
    if (E.losesTrack())
      if (auto *R = const_cast<TapeRoot *>(U.root(E.Tape))) {
        R->LosesTrack = true;
        if (E.Kind == TapeEventKind::Reset) {
          R->HasReset = true;
          R->Persistent = Tristate::Unknown;
        }
      }
  }
}

void UnitBuilder::traverse(const Stmt *S) {
  if (!S)
    return;
  // Unevaluated operands do nothing to a tape.
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, TypeTraitExpr>(S))
    return;
  if (const auto *TE = dyn_cast<CXXTypeidExpr>(S))
    if (!TE->isPotentiallyEvaluated())
      return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    onLambda(LE);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    onDeclStmt(DS);
  else if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    onDeclRef(DRE);
  else if (const auto *Call = dyn_cast<CallExpr>(S))
    onScopeMove(Call);

  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    Stack.push_back(S);
    TryStack.push_back(Try);
    traverse(Try->getTryBlock());
    TryStack.pop_back();
    for (unsigned I = 0, N = Try->getNumHandlers(); I < N; ++I) {
      U.CatchParents[Try->getHandler(I)] = Try;
      traverse(Try->getHandler(I));
    }
    Stack.pop_back();
    return;
  }
  Stack.push_back(S);
  for (const Stmt *Child : S->children())
    traverse(Child);
  Stack.pop_back();
}

void UnitBuilder::onDeclStmt(const DeclStmt *DS) {
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!VD)
      continue;
    TapeTypeForm F = tapeTypeForm(VD->getType());
    if (F == TapeTypeForm::Value && VD->hasLocalStorage()) {
      TapeRoot R;
      R.Decl = VD;
      R.Kind = RootKind::LocalTape;
      R.Constructed = tapeConstruction(VD) != nullptr;
      R.Persistent = R.Constructed ? tapePersistence(VD, Ctx, U.Body)
                                   : Tristate::Unknown;
      R.DeclStatement = DS;
      R.EnclosingBlock =
          Stack.empty() ? nullptr : dyn_cast<CompoundStmt>(Stack.back());
      R.EnclosingTries.insert(TryStack.begin(), TryStack.end());
      U.Roots[VD] = R;
    } else if ((F == TapeTypeForm::Reference || F == TapeTypeForm::Pointer) &&
               VD->hasLocalStorage()) {
      // Becomes an alias once its initialiser turns out to name a root.
      TapeRoot R;
      R.Decl = VD;
      R.Kind = RootKind::Opaque;
      U.Roots[VD] = R;
    }
    // Recording scopes and pauses.
    if (const Expr *Init = VD->getInit())
      if (std::optional<TapeCall> TC = matchTapeCall(stripValueWrappers(Init)))
        if (TC->Method == TapeMethod::Record ||
            TC->Method == TapeMethod::StopRecording)
          if (const ValueDecl *Root = rootOfObject(TC->Object))
            U.Scopes.push_back(ScopeVar{
                VD, Root, TC->Method == TapeMethod::StopRecording, TC->Call});
    if (const VarDecl *From = movedFromVariable(VD->getInit()))
      for (ScopeVar &SV : U.Scopes)
        if (SV.Var == From) {
          SV.MovedOut = true;
          ScopeVar Taken = SV;
          Taken.Var = VD;
          Taken.MovedFrom = From;
          Taken.MovedOut = false;
          U.Scopes.push_back(Taken);
          break;
        }
  }
}

void UnitBuilder::onScopeMove(const CallExpr *Call) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(stdMoveOperand(Call));
  for (ScopeVar &SV : U.Scopes)
    if (DRE && SV.Var == DRE->getDecl())
      SV.Moves.push_back(Call);
}

const ValueDecl *UnitBuilder::rootOfObject(const Expr *E) const {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref)
      E = UO->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return U.resolve(DRE->getDecl());
  return nullptr;
}

const llvm::SmallVector<const ValueDecl *, 2> *
UnitBuilder::findClosure(const VarDecl *VD) const {
  for (const FunctionUnit *X = &U; X; X = X->Parent) {
    auto It = X->Closures.find(VD);
    if (It != X->Closures.end())
      return &It->second;
  }
  return nullptr;
}

void UnitBuilder::onDeclRef(const DeclRefExpr *DRE) {
  const ValueDecl *D = DRE->getDecl();
  if (const auto *VD = dyn_cast<VarDecl>(D))
    if (const auto *Roots = findClosure(VD)) {
      onClosureUse(DRE, *Roots);
      return;
    }
  TapeTypeForm F = tapeTypeForm(D->getType());
  if (F == TapeTypeForm::None)
    return;
  const ValueDecl *Root = U.resolve(D);
  if (!Root)
    return; // a global, a static, a member: not followed
  bool IsPointer = F == TapeTypeForm::Pointer;
  const Stmt *Child = DRE;
  for (int I = static_cast<int>(Stack.size()) - 1; I >= 0; --I) {
    const Stmt *P = Stack[I];
    if (isa<ParenExpr>(P)) {
      Child = P;
      continue;
    }
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P)) {
      CastKind K = ICE->getCastKind();
      if (K == CK_NoOp || K == CK_LValueToRValue || K == CK_DerivedToBase ||
          K == CK_UncheckedDerivedToBase) {
        Child = P;
        continue;
      }
      break;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() == UO_Deref && IsPointer) {
        IsPointer = false;
        Child = P;
        continue;
      }
      if (UO->getOpcode() == UO_AddrOf && !IsPointer) {
        IsPointer = true;
        Child = P;
        continue;
      }
      break;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      if (ME->getBase() == Child && ME->isArrow() == IsPointer && I > 0)
        if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Stack[I - 1]))
          if (MCE->getCallee() == ME) {
            onMethodCall(MCE, Root);
            return;
          }
      break;
    }
    if (const auto *CE = dyn_cast<CallExpr>(P)) {
      if (const auto *E = dyn_cast<Expr>(Child)) {
        onCallArgument(CE, E, IsPointer, Root, DRE);
        return;
      }
      break;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      if (const auto *E = dyn_cast<Expr>(Child)) {
        onVarInit(DS, E, IsPointer, Root, DRE);
        return;
      }
      break;
    }
    break;
  }
  addEscape(Root, DRE);
}

void UnitBuilder::onMethodCall(const CXXMemberCallExpr *MCE,
                               const ValueDecl *Root) {
  switch (classifyTapeMethod(MCE->getMethodDecl())) {
  case TapeMethod::Gradient:
    addEvent(TapeEventKind::Gradient, Root, MCE, MCE);
    return;
  case TapeMethod::Release:
    addEvent(TapeEventKind::Release, Root, MCE, MCE);
    return;
  case TapeMethod::Record:
    addEvent(TapeEventKind::Record, Root, MCE, MCE);
    return;
  case TapeMethod::StopRecording:
    addEvent(TapeEventKind::StopRecording, Root, MCE, MCE);
    return;
  case TapeMethod::Watch:
    addEvent(TapeEventKind::Watch, Root, MCE, MCE);
    return;
  case TapeMethod::Persistent:
  case TapeMethod::OtherConst:
    return;
  case TapeMethod::Assign:
    addEvent(TapeEventKind::Reset, Root, MCE, MCE);
    return;
  case TapeMethod::OtherMutating:
  case TapeMethod::NotATapeMethod:
    addEscape(Root, MCE);
    return;
  }
}

void UnitBuilder::onCallArgument(const CallExpr *CE, const Expr *Child,
                                 bool IsPointer, const ValueDecl *Root,
                                 const DeclRefExpr *DRE) {
  unsigned NumArgs = CE->getNumArgs();
  unsigned ArgIdx = NumArgs;
  for (unsigned I = 0; I < NumArgs; ++I)
    if (CE->getArg(I) == Child) {
      ArgIdx = I;
      break;
    }
  if (ArgIdx == NumArgs) {
    addEscape(Root, DRE);
    return;
  }
  const FunctionDecl *Callee = CE->getDirectCallee();
  unsigned ParamIdx = ArgIdx;
  if (isa<CXXOperatorCallExpr>(CE))
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee))
      if (MD->isInstance()) {
        if (ArgIdx == 0) {
          // The tape is the object of a member operator.
          switch (classifyTapeMethod(MD)) {
          case TapeMethod::Assign:
            addEvent(TapeEventKind::Reset, Root, CE, CE);
            return;
          case TapeMethod::OtherConst:
          case TapeMethod::Persistent:
            return;
          default:
            addEscape(Root, CE);
            return;
          }
        }
        ParamIdx = ArgIdx - 1;
      }
  if (Callee && A.isReleaseFunction(Callee)) {
    addEvent(TapeEventKind::Release, Root, CE, CE);
    return;
  }
  if (!Callee || ParamIdx >= Callee->getNumParams()) {
    addEscape(Root, CE);
    return;
  }
  TapeTypeForm PF = tapeTypeForm(Callee->getParamDecl(ParamIdx)->getType());
  if (!((PF == TapeTypeForm::Reference && !IsPointer) ||
        (PF == TapeTypeForm::Pointer && IsPointer))) {
    addEscape(Root, CE);
    return;
  }
  const TapeSummary *S = calleeSummary(Callee, ParamIdx);
  if (!S || S->Escapes) {
    addEscape(Root, CE);
    return;
  }
  addEvent(TapeEventKind::Call, Root, CE, CE, S);
}

const TapeSummary *UnitBuilder::calleeSummary(const FunctionDecl *Callee,
                                              unsigned ParamIdx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Callee->isInStdNamespace() ||
      SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())) ||
      isRuntimeFunction(Callee))
    return nullptr;
  // A function handing the tape back (std::move-like) lets it escape.
  TapeTypeForm RF = tapeTypeForm(Callee->getReturnType());
  if (RF == TapeTypeForm::Reference || RF == TapeTypeForm::Pointer)
    return nullptr;
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  if (MD && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
      !MD->getParent()->hasAttr<FinalAttr>())
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!Callee->hasBody(Def) || !Def || Def->isDependentContext() ||
      ParamIdx >= Def->getNumParams())
    return nullptr;
  const auto *DefMD = dyn_cast<CXXMethodDecl>(Def);
  bool IsLambda = DefMD && DefMD->getParent()->isLambda();
  const FunctionUnit *Parent = nullptr;
  unsigned NextDepth = Depth;
  if (IsLambda) {
    Parent = A.LambdaParents.lookup(DefMD->getParent());
  } else {
    if (Depth == 0)
      return nullptr;
    NextDepth = Depth - 1;
  }
  return A.summaryOf(Def, Def->getParamDecl(ParamIdx), NextDepth, Ctx, Parent);
}

void UnitBuilder::onVarInit(const DeclStmt *DS, const Expr *Child,
                            bool IsPointer, const ValueDecl *Root,
                            const DeclRefExpr *DRE) {
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!VD || VD->getInit() != Child)
      continue;
    TapeTypeForm VF = tapeTypeForm(VD->getType());
    if (VD->hasLocalStorage() &&
        ((VF == TapeTypeForm::Reference && !IsPointer) ||
         (VF == TapeTypeForm::Pointer && IsPointer))) {
      U.Roots.erase(VD);
      U.Aliases[VD] = Root;
      return;
    }
    break;
  }
  addEscape(Root, DRE);
}

int UnitBuilder::climbValueWrappers(int From, const Stmt *&Child) const {
  int I = From;
  for (; I >= 0; --I) {
    const Stmt *P = Stack[I];
    if (isa<ParenExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
            ExprWithCleanups>(P)) {
      Child = P;
      continue;
    }
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P)) {
      if (ICE->getCastKind() == CK_NoOp ||
          ICE->getCastKind() == CK_LValueToRValue) {
        Child = P;
        continue;
      }
    }
    break;
  }
  return I;
}

void UnitBuilder::onLambda(const LambdaExpr *LE) {
  // A lambda that holds a scope by reference may move it away or end it:
  // where the scope ends is not followed past it.
  for (const LambdaCapture &C : LE->captures())
    if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
      for (ScopeVar &SV : U.Scopes)
        if (SV.Var == C.getCapturedVar())
          SV.Moves.push_back(LE);
  // Init-captures are evaluated here, in the enclosing function.
  Stack.push_back(LE);
  for (const LambdaCapture &C : LE->captures())
    if (C.capturesVariable() && LE->isInitCapture(&C))
      if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
        traverse(V->getInit());
  Stack.pop_back();

  // The roots the lambda can touch.
  llvm::SmallVector<const ValueDecl *, 2> Roots;
  auto AddRoot = [&](const ValueDecl *R) {
    if (R && !llvm::is_contained(Roots, R))
      Roots.push_back(R);
  };
  for (const LambdaCapture &C : LE->captures()) {
    if (!C.capturesVariable())
      continue;
    const ValueDecl *CV = C.getCapturedVar();
    AddRoot(U.resolve(CV));
    if (const auto *VD = dyn_cast<VarDecl>(CV))
      if (const auto *Inner = findClosure(VD))
        for (const ValueDecl *R : *Inner)
          AddRoot(R);
  }
  const CXXRecordDecl *Class = LE->getLambdaClass();
  if (Class)
    A.LambdaParents[Class] = &U;
  const CXXMethodDecl *Op = LE->getCallOperator();
  if (Op && !Op->isDependentContext() && !LE->isGenericLambda() &&
      Op->getBody()) {
    if (FunctionUnit *LU = A.buildUnit(Op, Op->getBody(), Depth, &U, Ctx)) {
      if (!llvm::is_contained(U.Lambdas, LU))
        U.Lambdas.push_back(LU);
      for (const ValueDecl *R : LU->rootsWithEvents())
        if (!LU->Roots.count(R))
          AddRoot(R);
    }
  }

  // How is the closure used?
  const Stmt *Child = LE;
  int I = climbValueWrappers(static_cast<int>(Stack.size()) - 1, Child);
  if (I >= 0) {
    const Stmt *P = Stack[I];
    if (const auto *OCE = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (OCE->getOperator() == OO_Call && OCE->getNumArgs() > 0 &&
          OCE->getArg(0) == Child) {
        callLambda(OCE, OCE->getDirectCallee(), Roots);
        return;
      }
    } else if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() == Child && VD->hasLocalStorage() &&
              recordOf(VD->getType(), true) == Class) {
            U.Closures[VD] = Roots;
            return;
          }
    }
  }
  for (const ValueDecl *R : Roots)
    addEscape(R, LE);
}

void UnitBuilder::onClosureUse(const DeclRefExpr *DRE,
                               llvm::ArrayRef<const ValueDecl *> Roots) {
  const Stmt *Child = DRE;
  int I = climbValueWrappers(static_cast<int>(Stack.size()) - 1, Child);
  if (I >= 0)
    if (const auto *OCE = dyn_cast<CXXOperatorCallExpr>(Stack[I]))
      if (OCE->getOperator() == OO_Call && OCE->getNumArgs() > 0 &&
          OCE->getArg(0) == Child) {
        callLambda(OCE, OCE->getDirectCallee(), Roots);
        return;
      }
  for (const ValueDecl *R : Roots)
    addEscape(R, DRE);
}

void UnitBuilder::callLambda(const CallExpr *Call, const FunctionDecl *Op,
                             llvm::ArrayRef<const ValueDecl *> Roots) {
  if (Roots.empty())
    return;
  FunctionUnit *LU = nullptr;
  if (Op && !Op->isDependentContext() && Op->getBody()) {
    const FunctionUnit *Parent = &U;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Op))
      if (const FunctionUnit *P = A.LambdaParents.lookup(MD->getParent()))
        Parent = P;
    LU = A.buildUnit(Op, Op->getBody(), Depth, Parent, Ctx);
    if (LU && Parent == &U && !llvm::is_contained(U.Lambdas, LU))
      U.Lambdas.push_back(LU);
  }
  for (const ValueDecl *R : Roots) {
    const TapeSummary *S = LU ? A.summarize(*LU, R) : nullptr;
    if (!S || S->Escapes)
      addEscape(R, Call);
    else
      addEvent(TapeEventKind::Call, R, Call, Call, S);
  }
}

//===----------------------------------------------------------------------===//
// LifecycleAnalysis
//===----------------------------------------------------------------------===//

LifecycleAnalysis::LifecycleAnalysis(AnalysisOptions Options)
    : Opts(std::move(Options)) {
  Opaque.Escapes = true;
}

LifecycleAnalysis::~LifecycleAnalysis() = default;

std::shared_ptr<LifecycleAnalysis>
LifecycleAnalysis::shared(const AnalysisOptions &Options) {
  // Held by the checks only: the last check to go takes its analysis along.
  static std::map<std::pair<unsigned, std::vector<std::string>>,
                  std::weak_ptr<LifecycleAnalysis>>
      Registry;
  std::weak_ptr<LifecycleAnalysis> &Slot =
      Registry[{Options.HelperDepth, Options.ReleaseFunctions}];
  if (std::shared_ptr<LifecycleAnalysis> Existing = Slot.lock())
    return Existing;
  auto Made = std::make_shared<LifecycleAnalysis>(Options);
  Slot = Made;
  return Made;
}

void LifecycleAnalysis::clear() {
  Units.clear();
  InProgress.clear();
  LambdaParents.clear();
}

bool LifecycleAnalysis::isReleaseFunction(const FunctionDecl *FD) const {
  if (Opts.ReleaseFunctions.empty() || !FD || !FD->getIdentifier())
    return false;
  std::string Qualified;
  for (const std::string &Name : Opts.ReleaseFunctions) {
    llvm::StringRef N(Name);
    N = N.trim();
    if (N.empty())
      continue;
    if (!N.contains("::")) {
      if (FD->getName() == N)
        return true;
      continue;
    }
    if (Qualified.empty())
      Qualified = FD->getQualifiedNameAsString();
    if (N.consume_front("::") ? Qualified == N : Qualified == N)
      return true;
  }
  return false;
}

FunctionUnit *LifecycleAnalysis::buildUnit(const FunctionDecl *FD,
                                           const Stmt *Body, unsigned Depth,
                                           const FunctionUnit *Parent,
                                           ASTContext &Ctx) {
  if (!FD || !Body)
    return nullptr;
  auto Key = std::make_pair(FD, Depth);
  auto It = Units.find(Key);
  if (It != Units.end())
    return It->second.get();
  if (InProgress.count(FD))
    return nullptr; // recursion: the caller treats the tape as escaping
  std::unique_ptr<FlowGraph> Graph = FlowGraph::build(FD, Body, Ctx);
  if (!Graph) {
    Units[Key] = nullptr;
    return nullptr;
  }
  std::unique_ptr<FunctionUnit> U(new FunctionUnit());
  U->FD = FD;
  U->Body = Body;
  U->Ctx = &Ctx;
  U->Parent = Parent;
  U->Graph = std::move(Graph);
  InProgress.insert(FD);
  UnitBuilder(*this, *U, Depth, Ctx).run();
  InProgress.erase(FD);
  FunctionUnit *Raw = U.get();
  Units[Key] = std::move(U);
  return Raw;
}

const FunctionUnit *LifecycleAnalysis::analyzeFunction(const FunctionDecl *FD,
                                                       ASTContext &Ctx) {
  if (!FD || FD->isInvalidDecl() || !FD->doesThisDeclarationHaveABody() ||
      FD->isDependentContext())
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return nullptr; // analysed as part of the enclosing function
  if (!translationUnitMayUseTapes(Ctx) || isRuntimeFunction(FD))
    return nullptr;
  if (scanFunctionForTapes(FD) != BodyScan::MentionsTape)
    return nullptr;
  return buildUnit(FD, FD->getBody(), Opts.HelperDepth, nullptr, Ctx);
}

const TapeSummary *LifecycleAnalysis::summaryOf(const FunctionDecl *Callee,
                                                const ValueDecl *Param,
                                                unsigned Depth, ASTContext &Ctx,
                                                const FunctionUnit *Parent) {
  if (!Callee || !Callee->getBody())
    return nullptr;
  auto It = Units.find(std::make_pair(Callee, Depth));
  if (It == Units.end() && !InProgress.count(Callee) &&
      scanFunctionForTapes(Callee) == BodyScan::HasErrors)
    return nullptr;
  FunctionUnit *U = buildUnit(Callee, Callee->getBody(), Depth, Parent, Ctx);
  if (!U)
    return nullptr;
  return summarize(*U, Param);
}

const TapeSummary *LifecycleAnalysis::summarize(const FunctionUnit &U,
                                                const ValueDecl *Key) {
  auto Found = U.Summaries.find(Key);
  if (Found != U.Summaries.end())
    return Found->second.get();
  auto S = std::make_unique<TapeSummary>();
  for (const FunctionUnit *V : U.selfAndNested())
    for (const TapeEvent &E : V->events())
      if (E.Tape == Key && E.losesTrack())
        S->Escapes = true;
  if (!S->Escapes) {
    const FlowGraph &G = U.graph();
    for (const TapeEvent &E : U.events()) {
      if (E.Tape != Key || !E.Pos || !G.isReachable(*E.Pos))
        continue;
      if (E.Kind == TapeEventKind::Gradient)
        S->AllGradients.push_back(DeepSite{cast<CallExpr>(E.Site), {}});
      else if (E.Kind == TapeEventKind::Release)
        S->Releases.push_back(DeepSite{cast<CallExpr>(E.Site), {}});
      else if (E.Kind == TapeEventKind::Call) {
        for (const DeepSite &D : E.Callee->AllGradients)
          S->AllGradients.push_back(D.through(E.Site));
        for (const DeepSite &D : E.Callee->Releases)
          S->Releases.push_back(D.through(E.Site));
      }
    }
    G.walkFromEntry(0, [&](const CFGElement &El, FlowPos,
                           FlowGraph::State &) {
      for (unsigned I : U.eventsAt(El)) {
        const TapeEvent &E = U.events()[I];
        if (E.Tape != Key)
          continue;
        if (E.Kind == TapeEventKind::Gradient) {
          S->EntryGradients.push_back(DeepSite{cast<CallExpr>(E.Site), {}});
          return FlowGraph::Step::Stop;
        }
        if (E.Kind == TapeEventKind::Call) {
          if (!E.Callee->EntryGradients.empty()) {
            for (const DeepSite &D : E.Callee->EntryGradients)
              S->EntryGradients.push_back(D.through(E.Site));
            return FlowGraph::Step::Stop;
          }
          if (!E.Callee->Releases.empty())
            return FlowGraph::Step::Stop;
        }
        if (E.Kind == TapeEventKind::Release || E.losesTrack())
          return FlowGraph::Step::Stop;
      }
      return FlowGraph::Step::Continue;
    });
    S->ExposedGradients = exposedGradients(U, Key);
    S->MustRelease = !G.exitReachableAvoiding(
        [&](const CFGElement &El, FlowPos) {
          for (unsigned I : U.eventsAt(El)) {
            const TapeEvent &E = U.events()[I];
            if (E.Tape == Key && E.mustRelease())
              return true;
          }
          return false;
        });
    S->InternalReuse = reusePairs(U, Key);
    S->InternalInScope = gradientsInScope(U, Key);
  }
  const TapeSummary *Raw = S.get();
  U.Summaries[Key] = std::move(S);
  return Raw;
}

//===----------------------------------------------------------------------===//
// Path queries
//===----------------------------------------------------------------------===//

namespace {

using Step = FlowGraph::Step;

/// Does this element begin or end the lifetime of \p Tape (when it is a
/// variable of this unit)? Walks about one tape stop there.
bool isTapeLifetimeEdge(const CFGElement &El, const ValueDecl *Tape) {
  const VarDecl *D = FunctionUnit::declaredBy(El);
  if (D && D == Tape)
    return true;
  const VarDecl *X = FunctionUnit::destroyedBy(El);
  return X && X == Tape;
}

DeepSite firstSiteOf(const TapeEvent &E) {
  if (E.Kind != TapeEventKind::Call)
    return DeepSite{cast<CallExpr>(E.Site), {}};
  const auto &List = !E.Callee->EntryGradients.empty()
                         ? E.Callee->EntryGradients
                         : E.Callee->AllGradients;
  return List.front().through(E.Site);
}

} // namespace

std::vector<std::pair<DeepSite, DeepSite>>
LifecycleAnalysis::reusePairs(const FunctionUnit &U, const ValueDecl *Tape) {
  std::vector<std::pair<DeepSite, DeepSite>> Out;
  const FlowGraph &G = U.graph();
  const auto &Events = U.events();
  // Each walk stops at the next gradient, whoever started it: what a later
  // walk would find past a block an earlier one entered, the earlier one
  // found first. Sharing the visited blocks keeps every second gradient's
  // first pair and makes N gradients in a row linear, not quadratic.
  FlowGraph::VisitedSet Visited;
  for (const TapeEvent &E1 : Events) {
    if (E1.Tape != Tape || !E1.Pos || !G.isReachable(*E1.Pos) ||
        !E1.mayGradient())
      continue;
    DeepSite First = firstSiteOf(E1);
    G.walk(*E1.Pos, /*Inclusive=*/false, 0,
           [&](const CFGElement &El, FlowPos, FlowGraph::State &) {
             if (isTapeLifetimeEdge(El, Tape))
               return Step::Stop;
             for (unsigned I : U.eventsAt(El)) {
               const TapeEvent &E2 = Events[I];
               if (E2.Tape != Tape)
                 continue;
               switch (E2.Kind) {
               case TapeEventKind::Gradient:
                 Out.push_back({First, DeepSite{cast<CallExpr>(E2.Site), {}}});
                 return Step::Stop;
               case TapeEventKind::Call:
                 if (!E2.Callee->EntryGradients.empty()) {
                   for (const DeepSite &D : E2.Callee->EntryGradients)
                     Out.push_back({First, D.through(E2.Site)});
                   return Step::Stop;
                 }
                 if (!E2.Callee->Releases.empty())
                   return Step::Stop;
                 break;
               case TapeEventKind::Release:
               case TapeEventKind::Reset:
               case TapeEventKind::Escape:
                 return Step::Stop;
               default:
                 break;
               }
             }
             return Step::Continue;
           },
           /*OnEdge=*/nullptr, &Visited);
  }
  for (const TapeEvent &E : Events)
    if (E.Tape == Tape && E.Kind == TapeEventKind::Call && E.Pos &&
        G.isReachable(*E.Pos))
      for (const auto &[F, S] : E.Callee->InternalReuse)
        Out.push_back({F.through(E.Site), S.through(E.Site)});
  return Out;
}

std::vector<std::pair<DeepSite, DeepSite>>
LifecycleAnalysis::gradientsAfterRelease(const FunctionUnit &U,
                                         const ValueDecl *Tape) {
  std::vector<std::pair<DeepSite, DeepSite>> Out;
  const FlowGraph &G = U.graph();
  const auto &Events = U.events();
  for (const TapeEvent &R : Events) {
    if (R.Tape != Tape || !R.Pos || !G.isReachable(*R.Pos) || !R.mayRelease())
      continue;
    DeepSite Rel = R.Kind == TapeEventKind::Release
                       ? DeepSite{cast<CallExpr>(R.Site), {}}
                       : R.Callee->Releases.front().through(R.Site);
    G.walk(*R.Pos, /*Inclusive=*/false, 0,
           [&](const CFGElement &El, FlowPos, FlowGraph::State &) {
             if (isTapeLifetimeEdge(El, Tape))
               return Step::Stop;
             for (unsigned I : U.eventsAt(El)) {
               const TapeEvent &E = Events[I];
               if (E.Tape != Tape)
                 continue;
               if (E.Kind == TapeEventKind::Gradient)
                 Out.push_back({Rel, DeepSite{cast<CallExpr>(E.Site), {}}});
               else if (E.Kind == TapeEventKind::Call)
                 for (const DeepSite &D : E.Callee->EntryGradients)
                   Out.push_back({Rel, D.through(E.Site)});
               else if (E.losesTrack())
                 return Step::Stop;
             }
             return Step::Continue;
           });
  }
  return Out;
}

std::vector<DeepSite> LifecycleAnalysis::exposedGradients(const FunctionUnit &U,
                                                         const ValueDecl *Tape) {
  std::vector<DeepSite> Out;
  // The per-path state: how many scopes and pauses of the tape, opened in
  // this body, are alive (capped; past the cap nothing is exposed).
  constexpr FlowGraph::State MaxOpen = 15;
  U.graph().walkFromEntry(0, [&](const CFGElement &El, FlowPos,
                                 FlowGraph::State &Open) {
    if (U.opens(El, Tape) && Open < MaxOpen)
      ++Open;
    if (U.closes(El, Tape) && Open > 0 && Open < MaxOpen)
      --Open;
    if (Open != 0)
      return Step::Continue;
    for (unsigned I : U.eventsAt(El)) {
      const TapeEvent &E = U.events()[I];
      if (E.Tape != Tape)
        continue;
      if (E.Kind == TapeEventKind::Gradient)
        Out.push_back(DeepSite{cast<CallExpr>(E.Site), {}});
      else if (E.Kind == TapeEventKind::Call)
        for (const DeepSite &D : E.Callee->ExposedGradients)
          Out.push_back(D.through(E.Site));
    }
    return Step::Continue;
  });
  return Out;
}

std::vector<std::pair<DeepSite, const VarDecl *>>
LifecycleAnalysis::gradientsInScope(const FunctionUnit &U,
                                    const ValueDecl *Tape) {
  std::vector<std::pair<DeepSite, const VarDecl *>> Out;
  const FlowGraph &G = U.graph();
  const auto &Events = U.events();
  // The per-path state is the stack of this tape's scopes and pauses opened
  // after the scope under study: low 4 bits the depth, then one bit per
  // level (1 = pause).
  constexpr unsigned MaxDepth = 12;
  auto depthOf = [](unsigned S) { return S & 0xFu; };
  auto paused = [&](unsigned S) {
    unsigned D = depthOf(S);
    return D > 0 && ((S >> (4 + D - 1)) & 1u);
  };
  for (const ScopeVar &Scope : U.scopes()) {
    if (Scope.Tape != Tape || Scope.IsPause)
      continue;
    std::optional<FlowPos> Start = G.declarationOf(Scope.Var);
    if (!Start || !G.isReachable(*Start))
      continue;
    G.walk(*Start, /*Inclusive=*/false, 0,
           [&](const CFGElement &El, FlowPos, FlowGraph::State &S) {
             if (isTapeLifetimeEdge(El, Tape))
               return Step::Stop;
             if (const VarDecl *D = FunctionUnit::declaredBy(El)) {
               // Its own walk goes on from a variable that takes it over.
               const ScopeVar *Taker = U.scopeOf(D, Tape);
               if (D == Scope.Var || (Taker && Taker->MovedFrom == Scope.Var))
                 return Step::Stop;
               if (const ScopeVar *Opened = U.opens(El, Tape)) {
                 unsigned Depth = depthOf(S);
                 if (Depth >= MaxDepth)
                   return Step::Stop;
                 S = (S & ~0xFu & ~(1u << (4 + Depth))) |
                     (unsigned(Opened->IsPause) << (4 + Depth)) | (Depth + 1);
               }
             }
             if (FunctionUnit::destroyedBy(El) == Scope.Var ||
                 llvm::is_contained(Scope.Moves, FlowGraph::stmtOf(El)))
               return Step::Stop;
             if (U.closes(El, Tape) && depthOf(S) > 0) {
               unsigned Depth = depthOf(S) - 1;
               S = (S & ~0xFu & ~(1u << (4 + Depth))) | Depth;
             }
             for (unsigned I : U.eventsAt(El)) {
               const TapeEvent &E = Events[I];
               if (E.Tape != Tape)
                 continue;
               if (E.losesTrack())
                 return Step::Stop;
               if (paused(S))
                 continue;
               if (E.Kind == TapeEventKind::Gradient)
                 Out.push_back(
                     {DeepSite{cast<CallExpr>(E.Site), {}}, Scope.Var});
               else if (E.Kind == TapeEventKind::Call)
                 for (const DeepSite &D : E.Callee->ExposedGradients)
                   Out.push_back({D.through(E.Site), Scope.Var});
             }
             return Step::Continue;
           });
  }
  for (const TapeEvent &E : Events)
    if (E.Tape == Tape && E.Kind == TapeEventKind::Call && E.Pos &&
        G.isReachable(*E.Pos))
      for (const auto &[D, V] : E.Callee->InternalInScope)
        Out.push_back({D.through(E.Site), V});
  return Out;
}

std::optional<LifecycleAnalysis::Leak>
LifecycleAnalysis::findLeak(const FunctionUnit &U, const VarDecl *Tape,
                            bool IgnoreSystemMacroExits) {
  const SourceManager &SM = U.context().getSourceManager();
  auto InSystemMacro = [&](const Stmt *S) {
    if (!IgnoreSystemMacroExits || !S ||
        !isa<ReturnStmt, GotoStmt, BreakStmt, ContinueStmt, CXXThrowExpr>(S))
      return false;
    SourceLocation L = S->getBeginLoc();
    return L.isMacroID() && SM.isInSystemMacro(L);
  };
  const FlowGraph &G = U.graph();
  const TapeRoot *Root = U.root(Tape);
  std::optional<FlowPos> Start = G.declarationOf(Tape);
  if (!Root || !Start || !G.isReachable(*Start))
    return std::nullopt;
  const auto &Events = U.events();
  // State: 0 = normal flow; 1 + i = the i-th throw's exception is in flight.
  std::vector<const Stmt *> Throws;
  std::optional<Leak> Found;
  const CFGBlock *Exit = &G.cfg().getExit();
  G.walk(
      *Start, /*Inclusive=*/false, 0,
      [&](const CFGElement &El, FlowPos, FlowGraph::State &S) {
        if (const VarDecl *D = FunctionUnit::destroyedBy(El); D == Tape) {
          if (S != 0) { // unwinding destroys it: the exception is the exit
            Found = Leak{Throws[S - 1], true};
            return Step::Abort;
          }
          std::optional<CFGAutomaticObjDtor> Dtor =
              El.getAs<CFGAutomaticObjDtor>();
          if (InSystemMacro(Dtor->getTriggerStmt()))
            return Step::Stop;
          Found = Leak{Dtor->getTriggerStmt(), false};
          return Step::Abort;
        }
        if (FunctionUnit::declaredBy(El) == Tape)
          return Step::Stop;
        if (const Stmt *St = FlowGraph::stmtOf(El); isa_and_nonnull<CXXThrowExpr>(St)) {
          if (InSystemMacro(St))
            return Step::Stop;
          auto It = llvm::find(Throws, St);
          unsigned Idx = It - Throws.begin();
          if (It == Throws.end())
            Throws.push_back(St);
          S = 1 + Idx;
          return Step::Continue;
        }
        for (unsigned I : U.eventsAt(El)) {
          const TapeEvent &E = Events[I];
          if (E.Tape == Tape && (E.mustRelease() || E.losesTrack()))
            return Step::Stop;
        }
        return Step::Continue;
      },
      [&](const CFGBlock *From, const CFGBlock *To, FlowGraph::State &S) {
        if (S == 0)
          return Step::Continue;
        const Stmt *Thrown = Throws[S - 1];
        if (!FlowGraph::dispatchEdgeMayBeTaken(
                From, To, FlowGraph::thrownType(cast<CXXThrowExpr>(Thrown))))
          return Step::Stop;
        if (To == Exit) {
          Found = Leak{Thrown, true};
          return Step::Abort;
        }
        if (const auto *Catch = dyn_cast_or_null<CXXCatchStmt>(To->getLabel())) {
          const CXXTryStmt *Try = U.tryOf(Catch);
          if (Try && Root->EnclosingTries.count(Try)) {
            Found = Leak{Thrown, true};
            return Step::Abort;
          }
          S = 0; // caught while the tape is still alive
        }
        return Step::Continue;
      });
  return Found;
}

} // namespace clang::tidy::tapecheck
