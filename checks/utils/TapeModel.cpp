//===--- TapeModel.cpp - recognising the tape runtime in the AST ----------===//

#include "TapeModel.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"

namespace clang::tidy::tapecheck {

namespace {

const DeclContext *skipInlineNamespaces(const DeclContext *DC) {
  while (DC && DC->isInlineNamespace())
    DC = DC->getParent();
  return DC;
}

bool isTapeNamespace(const DeclContext *DC) {
  DC = skipInlineNamespaces(DC);
  const auto *NS = dyn_cast_or_null<NamespaceDecl>(DC);
  if (!NS || !NS->getIdentifier() || NS->getName() != "tape")
    return false;
  const DeclContext *Parent = skipInlineNamespaces(NS->getParent());
  return Parent && Parent->isTranslationUnit();
}

bool isTapeRecordNamed(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (!RD)
    return false;
  RD = RD->getCanonicalDecl();
  return isTapeEntity(RD, Name);
}

} // namespace

bool isInTapeNamespace(const Decl *D) {
  return D && isTapeNamespace(D->getDeclContext());
}

bool isTapeEntity(const NamedDecl *D, llvm::StringRef Name) {
  if (!D || !D->getIdentifier() || D->getName() != Name)
    return false;
  const DeclContext *DC = D->getDeclContext();
  if (isTapeNamespace(DC))
    return true;
  // A member type of a ::tape class.
  if (const auto *Outer = dyn_cast_or_null<CXXRecordDecl>(DC))
    return isTapeNamespace(Outer->getDeclContext());
  return false;
}

const CXXRecordDecl *recordOf(QualType T, bool LookThroughRefsAndPointers) {
  if (T.isNull())
    return nullptr;
  if (LookThroughRefsAndPointers) {
    T = T.getNonReferenceType();
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
  }
  if (T.isNull())
    return nullptr;
  return T->getAsCXXRecordDecl();
}

bool isGradientTapeRecord(const CXXRecordDecl *RD) {
  return isTapeRecordNamed(RD, "GradientTape");
}
bool isTapeOptionsRecord(const CXXRecordDecl *RD) {
  return isTapeRecordNamed(RD, "TapeOptions");
}
bool isScalarRecord(const CXXRecordDecl *RD) {
  return isTapeRecordNamed(RD, "Scalar");
}

TapeTypeForm tapeTypeForm(QualType T) {
  if (T.isNull())
    return TapeTypeForm::None;
  if (T->isReferenceType())
    return isGradientTapeRecord(recordOf(T.getNonReferenceType(), false))
               ? TapeTypeForm::Reference
               : TapeTypeForm::None;
  if (const auto *PT = T->getAs<PointerType>())
    return isGradientTapeRecord(recordOf(PT->getPointeeType(), false))
               ? TapeTypeForm::Pointer
               : TapeTypeForm::None;
  return isGradientTapeRecord(recordOf(T, false)) ? TapeTypeForm::Value
                                                   : TapeTypeForm::None;
}

llvm::StringRef tapeMethodName(TapeMethod M) {
  switch (M) {
  case TapeMethod::Gradient:
    return "gradient";
  case TapeMethod::Release:
    return "release";
  case TapeMethod::Record:
    return "record";
  case TapeMethod::StopRecording:
    return "stop_recording";
  case TapeMethod::Watch:
    return "watch";
  case TapeMethod::Persistent:
    return "persistent";
  case TapeMethod::Assign:
    return "operator=";
  case TapeMethod::OtherConst:
  case TapeMethod::OtherMutating:
    return "<other member>";
  case TapeMethod::NotATapeMethod:
    break;
  }
  return "<not a tape member>";
}

TapeMethod classifyTapeMethod(const CXXMethodDecl *MD) {
  if (!MD || !isGradientTapeRecord(MD->getParent()))
    return TapeMethod::NotATapeMethod;
  if (MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator())
    return TapeMethod::Assign;
  if (const IdentifierInfo *II = MD->getIdentifier()) {
    llvm::StringRef Name = II->getName();
    if (Name == "gradient")
      return TapeMethod::Gradient;
    if (Name == "release")
      return TapeMethod::Release;
    if (Name == "record")
      return TapeMethod::Record;
    if (Name == "stop_recording")
      return TapeMethod::StopRecording;
    if (Name == "watch")
      return TapeMethod::Watch;
    if (Name == "persistent")
      return TapeMethod::Persistent;
  }
  if (isa<CXXConstructorDecl, CXXDestructorDecl>(MD))
    return TapeMethod::OtherMutating;
  return MD->isConst() || MD->isStatic() ? TapeMethod::OtherConst
                                         : TapeMethod::OtherMutating;
}

std::optional<TapeCall> matchTapeCall(const Stmt *S) {
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(S);
  if (!Call)
    return std::nullopt;
  TapeMethod M = classifyTapeMethod(Call->getMethodDecl());
  if (M == TapeMethod::NotATapeMethod)
    return std::nullopt;
  TapeCall TC;
  TC.Method = M;
  TC.Call = Call;
  TC.Object = Call->getImplicitObjectArgument();
  return TC;
}

const Expr *stripValueWrappers(const Expr *E) {
  while (E) {
    const Expr *Next = nullptr;
    if (const auto *FE = dyn_cast<FullExpr>(E)) // ExprWithCleanups, ConstantExpr
      Next = FE->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      Next = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      Next = BTE->getSubExpr();
    else if (const auto *PE = dyn_cast<ParenExpr>(E))
      Next = PE->getSubExpr();
    else if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E))
      Next = ICE->getSubExpr();
    else if (const auto *FCE = dyn_cast<CXXFunctionalCastExpr>(E)) {
      if (FCE->getCastKind() == CK_NoOp ||
          FCE->getCastKind() == CK_ConstructorConversion)
        Next = FCE->getSubExpr();
    } else if (const auto *DAE = dyn_cast<CXXDefaultArgExpr>(E))
      Next = DAE->getExpr();
    else if (const auto *DIE = dyn_cast<CXXDefaultInitExpr>(E))
      Next = DIE->getExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      // An (elidable) copy or move of a temporary: the temporary is the value.
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      if (Ctor && Ctor->isCopyOrMoveConstructor() && CE->getNumArgs() >= 1) {
        const Expr *Arg = CE->getArg(0)->IgnoreImplicit();
        if (isa<MaterializeTemporaryExpr>(CE->getArg(0)) ||
            isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr>(Arg) ||
            Arg->isPRValue())
          Next = CE->getArg(0);
      }
    }
    if (!Next || Next == E)
      return E;
    E = Next;
  }
  return E;
}

const VarDecl *movedFromVariable(const Expr *Init, const Expr **Move) {
  const auto *CE = dyn_cast_or_null<CXXConstructExpr>(stripValueWrappers(Init));
  if (!CE || CE->getNumArgs() != 1 || !CE->getConstructor() ||
      !CE->getConstructor()->isMoveConstructor())
    return nullptr;
  const Expr *Arg = CE->getArg(0)->IgnoreParenImpCasts();
  if (Move)
    *Move = Arg;
  if (const auto *Call = dyn_cast<CallExpr>(Arg)) {
    Arg = stdMoveOperand(Call);
    if (!Arg)
      return nullptr;
  } else if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(Arg)) {
    Arg = Cast->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(Arg);
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

const Expr *stdMoveOperand(const CallExpr *Call) {
  const FunctionDecl *F = Call->getDirectCallee();
  if (!F || !F->isInStdNamespace() || !F->getIdentifier() || Call->getNumArgs() != 1 ||
      (F->getName() != "move" && F->getName() != "forward"))
    return nullptr;
  return Call->getArg(0)->IgnoreParenImpCasts();
}

const CXXConstructExpr *tapeConstruction(const VarDecl *VD) {
  if (!VD || tapeTypeForm(VD->getType()) != TapeTypeForm::Value)
    return nullptr;
  const Expr *Init = VD->getInit();
  if (!Init)
    return nullptr;
  const auto *CE = dyn_cast<CXXConstructExpr>(stripValueWrappers(Init));
  if (!CE || !CE->getConstructor() ||
      CE->getConstructor()->isCopyOrMoveConstructor() ||
      !isGradientTapeRecord(CE->getConstructor()->getParent()))
    return nullptr;
  return CE;
}

namespace {

std::optional<unsigned> fieldIndex(const RecordDecl *RD, llvm::StringRef Name,
                                   const FieldDecl **FieldOut) {
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    if (F->getIdentifier() && F->getName() == Name) {
      *FieldOut = F;
      return I;
    }
    ++I;
  }
  return std::nullopt;
}

Tristate evaluateBool(const Expr *E, ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->containsErrors())
    return Tristate::Unknown;
  bool Result = false;
  if (E->EvaluateAsBooleanCondition(Result, Ctx))
    return Result ? Tristate::True : Tristate::False;
  return Tristate::Unknown;
}

Tristate evaluateOptionImpl(const Expr *Options, llvm::StringRef Field,
                            ASTContext &Ctx, const Stmt *Body, int Depth) {
  if (!Options || Depth > 4)
    return Tristate::Unknown;
  const Expr *E = stripValueWrappers(Options);
  if (!E || E->isValueDependent() || E->isTypeDependent() ||
      E->containsErrors())
    return Tristate::Unknown;
  const CXXRecordDecl *RD = recordOf(E->getType(), true);
  if (!isTapeOptionsRecord(RD) || !RD->hasDefinition())
    return Tristate::Unknown;
  const FieldDecl *FD = nullptr;
  std::optional<unsigned> Index = fieldIndex(RD->getDefinition(), Field, &FD);
  if (!Index)
    return Tristate::Unknown;

  // 1. A brace list: `{.persistent = true}`, `{true}`, `{}`.
  if (const auto *ILE = dyn_cast<InitListExpr>(E)) {
    if (!ILE->isSemanticForm())
      ILE = ILE->getSemanticForm();
    if (!ILE)
      return Tristate::Unknown;
    if (*Index < ILE->getNumInits()) {
      const Expr *Init = ILE->getInit(*Index);
      if (isa_and_nonnull<ImplicitValueInitExpr>(Init))
        return Tristate::False;
      return evaluateBool(stripValueWrappers(Init), Ctx);
    }
    if (const Expr *InClass = FD->getInClassInitializer())
      return evaluateBool(InClass, Ctx);
    return Tristate::False; // value-initialised
  }

  // 2. A value default-constructed: `TapeOptions()`, `TapeOptions{}` handled
  // above; an implicit default constructor uses the member initialisers.
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    if (Ctor && Ctor->isDefaultConstructor() && !Ctor->isUserProvided()) {
      if (const Expr *InClass = FD->getInClassInitializer())
        return evaluateBool(InClass, Ctx);
      return Tristate::False;
    }
    if (Ctor && Ctor->isCopyOrMoveConstructor() && CE->getNumArgs() >= 1)
      return evaluateOptionImpl(CE->getArg(0), Field, Ctx, Body, Depth + 1);
  }

  // 3. Anything the constant evaluator can fold (constexpr variables and
  // functions, const variables with constant initialisers).
  if (E->isPRValue() || E->isGLValue()) {
    Expr::EvalResult R;
    if (E->EvaluateAsRValue(R, Ctx) && R.Val.isStruct() &&
        *Index < R.Val.getStructNumFields()) {
      const APValue &V = R.Val.getStructField(*Index);
      if (V.isInt())
        return V.getInt().getBoolValue() ? Tristate::True : Tristate::False;
    }
  }

  // 4. A local variable never modified after its initialisation.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts())) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || !VD->getInit() || VD->getType()->isReferenceType() ||
        VD->getType().isVolatileQualified())
      return Tristate::Unknown;
    bool Immutable = VD->getType().isConstQualified();
    if (!Immutable && Body && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD)) {
      ExprMutationAnalyzer MA(*Body, Ctx);
      Immutable = !MA.isMutated(VD);
    }
    if (!Immutable)
      return Tristate::Unknown;
    return evaluateOptionImpl(VD->getInit(), Field, Ctx, Body, Depth + 1);
  }
  return Tristate::Unknown;
}

} // namespace

Tristate evaluateTapeOption(const Expr *Options, llvm::StringRef Field,
                            ASTContext &Ctx, const Stmt *Body) {
  return evaluateOptionImpl(Options, Field, Ctx, Body, 0);
}

Tristate tapeConstructorOption(const CXXConstructExpr *Ctor,
                               llvm::StringRef Field, ASTContext &Ctx,
                               const Stmt *Body) {
  if (!Ctor || !Ctor->getConstructor())
    return Tristate::Unknown;
  // Find the TapeOptions parameter.
  const CXXConstructorDecl *CD = Ctor->getConstructor();
  for (unsigned I = 0, N = CD->getNumParams(); I < N; ++I) {
    if (!isTapeOptionsRecord(recordOf(CD->getParamDecl(I)->getType(), true)))
      continue;
    if (I < Ctor->getNumArgs())
      return evaluateTapeOption(Ctor->getArg(I), Field, Ctx, Body);
    return Tristate::Unknown;
  }
  // A constructor without options (e.g. a future `GradientTape()`):
  // TapeOptions' defaults apply.
  if (CD->getNumParams() == 0 || CD->isDefaultConstructor()) {
    if (Field == "persistent")
      return Tristate::False;
    if (Field == "watch_accessed_variables")
      return Tristate::True;
  }
  return Tristate::Unknown;
}

Tristate tapePersistence(const VarDecl *VD, ASTContext &Ctx,
                         const Stmt *Body) {
  return tapeConstructorOption(tapeConstruction(VD), "persistent", Ctx, Body);
}

bool translationUnitMayUseTapes(const ASTContext &Ctx) {
  return Ctx.Idents.find("GradientTape") != Ctx.Idents.end();
}

namespace {

class TapeScanner : public RecursiveASTVisitor<TapeScanner> {
public:
  BodyScan Result = BodyScan::NoTape;

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitLambdaBody() const { return true; }

  bool VisitExpr(Expr *E) {
    if (E->containsErrors()) {
      Result = BodyScan::HasErrors;
      return false;
    }
    return true;
  }
  bool VisitDecl(Decl *D) {
    if (D->isInvalidDecl()) {
      Result = BodyScan::HasErrors;
      return false;
    }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (isa<VarDecl, BindingDecl>(DRE->getDecl()) &&
        mentionsTapeType(DRE->getDecl()->getType()))
      Result = BodyScan::MentionsTape;
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (mentionsTapeType(VD->getType()))
      Result = BodyScan::MentionsTape;
    return true;
  }
};

} // namespace

BodyScan scanFunctionForTapes(const FunctionDecl *FD) {
  if (!FD || FD->isInvalidDecl())
    return BodyScan::HasErrors;
  const Stmt *Body = FD->getBody();
  if (!Body)
    return BodyScan::NoTape;
  TapeScanner S;
  for (const ParmVarDecl *P : FD->parameters())
    if (mentionsTapeType(P->getType()))
      S.Result = BodyScan::MentionsTape;
  S.TraverseStmt(const_cast<Stmt *>(Body));
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (S.Result != BodyScan::HasErrors && Init->getInit())
        S.TraverseStmt(Init->getInit());
  return S.Result;
}

bool isRuntimeFunction(const FunctionDecl *FD) {
  for (const DeclContext *DC = FD ? FD->getDeclContext() : nullptr; DC;
       DC = DC->getParent())
    if (isTapeNamespace(DC))
      return true;
  return false;
}

} // namespace clang::tidy::tapecheck
