//===--- TapeFlow.cpp - path questions on a function's CFG ----------------===//

#include "TapeFlow.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"

#include <deque>

namespace clang::tidy::tapecheck {

namespace {
/// Where an exception crossing From -> To comes from: the `throw`, or the
/// try statement whose handlers did not catch it.
const Stmt *unwindOrigin(const CFGBlock *From) {
  if (const auto *Try = dyn_cast_or_null<CXXTryStmt>(From->getTerminatorStmt()))
    return Try;
  for (auto It = From->rbegin(); It != From->rend(); ++It)
    if (std::optional<CFGStmt> S = It->getAs<CFGStmt>())
      return isa<CXXThrowExpr>(S->getStmt()) ? S->getStmt() : nullptr;
  return nullptr;
}

/// An automatic variable whose end of life runs a destructor: of its own
/// object, or of the temporary a reference extends (`const auto &s =
/// tape.record();`).
bool hasDestructor(const VarDecl *VD) {
  if (!VD->hasLocalStorage())
    return false;
  QualType T = VD->getType();
  if (T->isReferenceType()) {
    const Expr *Init = VD->getInit();
    if (const auto *Full = dyn_cast_or_null<FullExpr>(Init))
      Init = Full->getSubExpr();
    const auto *Temp =
        dyn_cast_or_null<MaterializeTemporaryExpr>(Init ? Init->IgnoreImpCasts() : nullptr);
    if (!Temp || Temp->getExtendingDecl() != VD)
      return false;
    T = T.getNonReferenceType();
  }
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && !RD->hasTrivialDestructor();
}

void addDeclared(const Stmt *S, llvm::SmallVectorImpl<const VarDecl *> &Out) {
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && hasDestructor(VD))
        Out.push_back(VD);
}

void addDeclared(const VarDecl *VD, llvm::SmallVectorImpl<const VarDecl *> &Out) {
  if (VD && hasDestructor(VD))
    Out.push_back(VD);
}

/// What an if, switch, for or while statement declares before \p Child:
/// its init statement, then its condition variable.
void initAndCondition(const Stmt *Child, const Stmt *Init, const DeclStmt *CondStmt,
                      const VarDecl *Cond, llvm::SmallVectorImpl<const VarDecl *> &Out) {
  if (Child == Init)
    return;
  addDeclared(Init, Out);
  if (Child != CondStmt)
    addDeclared(Cond, Out);
}

/// The variables alive in \p Child that its parent \p Parent declared
/// before it, in declaration order: earlier statements of a block (labels
/// looked through), the init statement and condition variable of an if,
/// switch, for or while.
void declaredBefore(const Stmt *Parent, const Stmt *Child,
                    llvm::SmallVectorImpl<const VarDecl *> &Out) {
  if (const auto *Block = dyn_cast<CompoundStmt>(Parent)) {
    for (const Stmt *S : Block->body()) {
      if (S == Child)
        return;
      while (isa_and_nonnull<SwitchCase, LabelStmt>(S)) // `default: Scope s;`
        S = isa<LabelStmt>(S) ? cast<LabelStmt>(S)->getSubStmt()
                              : cast<SwitchCase>(S)->getSubStmt();
      addDeclared(S, Out);
    }
  } else if (const auto *If = dyn_cast<IfStmt>(Parent)) {
    initAndCondition(Child, If->getInit(), If->getConditionVariableDeclStmt(),
                     If->getConditionVariable(), Out);
  } else if (const auto *Switch = dyn_cast<SwitchStmt>(Parent)) {
    initAndCondition(Child, Switch->getInit(), Switch->getConditionVariableDeclStmt(),
                     Switch->getConditionVariable(), Out);
  } else if (const auto *For = dyn_cast<ForStmt>(Parent)) {
    initAndCondition(Child, For->getInit(), For->getConditionVariableDeclStmt(),
                     For->getConditionVariable(), Out);
  } else if (const auto *While = dyn_cast<WhileStmt>(Parent)) {
    initAndCondition(Child, nullptr, While->getConditionVariableDeclStmt(),
                     While->getConditionVariable(), Out);
  }
}
} // namespace

llvm::SmallVector<const VarDecl *, 4>
unwoundOnEdge(const CFGBlock *From, const CFGBlock *To, const ParentMap &Parents) {
  llvm::SmallVector<const VarDecl *, 4> Out;
  const auto *Try = To ? dyn_cast_or_null<CXXTryStmt>(To->getTerminatorStmt()) : nullptr;
  const Stmt *Node = From && Try ? unwindOrigin(From) : nullptr;
  if (!Node)
    return Out;
  // Up from the origin to the try block: in every block on the way, the
  // variables declared before the statement the exception leaves it from.
  while (Node != Try->getTryBlock()) {
    const Stmt *Parent = Parents.getParent(Node);
    if (!Parent)
      return {}; // not inside this try statement: nothing known
    llvm::SmallVector<const VarDecl *, 4> Declared;
    declaredBefore(Parent, Node, Declared);
    Out.append(Declared.rbegin(), Declared.rend());
    Node = Parent;
  }
  return Out;
}

bool nestsTooDeepForCFG(const Stmt *Body) {
  // A few times below the depth at which an 8 MB stack overflowed (about
  // 10000 levels); an explicit stack, so the check itself cannot overflow.
  constexpr unsigned MaxDepth = 2000;
  llvm::SmallVector<std::pair<const Stmt *, unsigned>, 64> Work;
  Work.push_back({Body, 0});
  while (!Work.empty()) {
    auto [S, Depth] = Work.pop_back_val();
    if (Depth > MaxDepth)
      return true;
    for (const Stmt *Child : S->children())
      if (Child)
        Work.push_back({Child, Depth + 1});
  }
  return false;
}

std::unique_ptr<FlowGraph> FlowGraph::build(const Decl *D, const Stmt *Body,
                                            ASTContext &Ctx) {
  if (!D || !Body || D->isInvalidDecl() || nestsTooDeepForCFG(Body))
    return nullptr;
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;   // scope ends, on every exit path
  Options.AddTemporaryDtors = false; // not needed, and costly
  Options.AddInitializers = true;    // constructor member initialisers
  Options.AddCXXDefaultInitExprInCtors = true;
  Options.PruneTriviallyFalseEdges = true;
  Options.setAllAlwaysAdd(); // every expression gets a position
  std::unique_ptr<CFG> Cfg =
      CFG::buildCFG(D, const_cast<Stmt *>(Body), &Ctx, Options);
  if (!Cfg)
    return nullptr;
  std::unique_ptr<FlowGraph> G(new FlowGraph());
  G->D = D;
  G->Body = Body;
  G->Cfg = std::move(Cfg);
  G->index();
  return G;
}

const Stmt *FlowGraph::stmtOf(const CFGElement &E) {
  if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
    return S->getStmt();
  return nullptr;
}

void FlowGraph::index() {
  for (const CFGBlock *B : *Cfg) {
    if (!B)
      continue;
    for (unsigned I = 0, N = B->size(); I < N; ++I) {
      const CFGElement &E = (*B)[I];
      FlowPos P{B, I};
      if (const Stmt *S = stmtOf(E)) {
        StmtPositions.try_emplace(S, P);
        if (const auto *DS = dyn_cast<DeclStmt>(S))
          if (DS->isSingleDecl())
            if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
              DeclPositions.try_emplace(VD, P);
      } else if (std::optional<CFGAutomaticObjDtor> Dtor =
                     E.getAs<CFGAutomaticObjDtor>()) {
        DtorPositions[Dtor->getVarDecl()].push_back(P);
      }
    }
  }
  // Reachability from the entry block.
  Reachable.resize(Cfg->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 32> Work;
  Work.push_back(&Cfg->getEntry());
  Reachable.set(Cfg->getEntry().getBlockID());
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    for (const CFGBlock *Succ : B->succs()) {
      if (!Succ || Reachable[Succ->getBlockID()])
        continue;
      Reachable.set(Succ->getBlockID());
      Work.push_back(Succ);
    }
  }
}

std::optional<FlowPos> FlowGraph::positionOf(const Stmt *S) const {
  auto It = StmtPositions.find(S);
  if (It == StmtPositions.end())
    return std::nullopt;
  return It->second;
}

std::optional<FlowPos> FlowGraph::declarationOf(const VarDecl *VD) const {
  auto It = DeclPositions.find(VD);
  if (It == DeclPositions.end())
    return std::nullopt;
  return It->second;
}

llvm::ArrayRef<FlowPos> FlowGraph::destructorsOf(const VarDecl *VD) const {
  auto It = DtorPositions.find(VD);
  if (It == DtorPositions.end())
    return {};
  return It->second;
}

namespace {
struct WorkItem {
  const CFGBlock *Block;
  unsigned First; // first element index to visit
  FlowGraph::State S;
};
} // namespace

void FlowGraph::walk(FlowPos Start, bool Inclusive, State Init,
                     ElementFn OnElement, EdgeFn OnEdge,
                     VisitedSet *SharedVisited) const {
  if (!Start.Block)
    return;
  // Blocks entered from their beginning, per state.
  VisitedSet OwnVisited;
  VisitedSet &Visited = SharedVisited ? *SharedVisited : OwnVisited;
  std::deque<WorkItem> Work;
  Work.push_back({Start.Block, Start.Index + (Inclusive ? 0u : 1u), Init});
  while (!Work.empty()) {
    WorkItem W = Work.front();
    Work.pop_front();
    State S = W.S;
    bool Stopped = false;
    for (unsigned I = W.First, N = W.Block->size(); I < N; ++I) {
      Step R = OnElement((*W.Block)[I], FlowPos{W.Block, I}, S);
      if (R == Step::Abort)
        return;
      if (R == Step::Stop) {
        Stopped = true;
        break;
      }
    }
    if (Stopped)
      continue;
    for (const CFGBlock *Succ : W.Block->succs()) {
      if (!Succ)
        continue;
      State Next = S;
      if (OnEdge) {
        Step R = OnEdge(W.Block, Succ, Next);
        if (R == Step::Abort)
          return;
        if (R == Step::Stop)
          continue;
      }
      // Only on an edge the visitor keeps: an exception a handler surely
      // catches does not go on to unwind the enclosing blocks.
      Step Unwound = Step::Continue;
      const FlowPos PastEnd{W.Block, unsigned(W.Block->size())};
      for (const CFGElement &Dtor : unwindingOn(W.Block, Succ))
        if ((Unwound = OnElement(Dtor, PastEnd, Next)) != Step::Continue)
          break;
      if (Unwound == Step::Abort)
        return;
      if (Unwound == Step::Stop)
        continue;
      if (!Visited.insert({Succ->getBlockID(), Next}).second)
        continue;
      Work.push_back({Succ, 0, Next});
    }
  }
}

llvm::ArrayRef<CFGElement> FlowGraph::unwindingOn(const CFGBlock *From,
                                                  const CFGBlock *To) const {
  if (!isa_and_nonnull<CXXTryStmt>(To->getTerminatorStmt()))
    return {};
  auto [It, Added] = Unwinding.try_emplace({From, To});
  if (Added) {
    if (!Parents)
      Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
    for (const VarDecl *VD : unwoundOnEdge(From, To, *Parents))
      It->second.push_back(CFGAutomaticObjDtor(VD, To->getTerminatorStmt()));
  }
  return It->second;
}

void FlowGraph::walkFromEntry(State Init, ElementFn OnElement,
                              EdgeFn OnEdge) const {
  // The entry block has no elements; an inclusive walk from its index 0
  // visits them (none) and then its successors.
  walk(FlowPos{&Cfg->getEntry(), 0}, /*Inclusive=*/true, Init, OnElement,
       OnEdge);
}

bool FlowGraph::isReachableAfter(const Stmt *From, const Stmt *To,
                                 llvm::ArrayRef<const Stmt *> Blockers) const {
  std::optional<FlowPos> F = positionOf(From);
  std::optional<FlowPos> T = positionOf(To);
  if (!F || !T)
    return false;
  bool Found = false;
  walk(*F, /*Inclusive=*/false, 0,
       [&](const CFGElement &E, FlowPos P, State &) {
         if (P == *T) {
           Found = true;
           return Step::Abort;
         }
         const Stmt *S = stmtOf(E);
         if (S && llvm::is_contained(Blockers, S))
           return Step::Stop;
         return Step::Continue;
       });
  return Found;
}

bool FlowGraph::exitReachableAvoiding(
    llvm::function_ref<bool(const CFGElement &, FlowPos)> IsBlocker) const {
  bool Found = false;
  const CFGBlock *Exit = &Cfg->getExit();
  if (&Cfg->getEntry() == Exit)
    return true;
  walkFromEntry(
      0,
      [&](const CFGElement &E, FlowPos P, State &) {
        return IsBlocker(E, P) ? Step::Stop : Step::Continue;
      },
      [&](const CFGBlock *, const CFGBlock *To, State &) {
        if (To == Exit) {
          Found = true;
          return Step::Abort;
        }
        return Step::Continue;
      });
  return Found;
}

QualType FlowGraph::thrownType(const CXXThrowExpr *Throw) {
  if (!Throw || !Throw->getSubExpr())
    return {};
  QualType T = Throw->getSubExpr()->getType();
  if (T.isNull() || T->isDependentType())
    return {};
  // `throw a;` throws a copy of a's type, decayed, without cv.
  if (T->isArrayType() || T->isFunctionType())
    return {};
  return T.getNonReferenceType().getUnqualifiedType();
}

namespace {
/// Strips the reference and cv-qualifiers of a handler's type.
QualType caughtType(const CXXCatchStmt *Handler) {
  QualType C = Handler->getCaughtType();
  if (C.isNull())
    return C;
  return C.getNonReferenceType().getUnqualifiedType();
}

bool sameOrBase(QualType Caught, QualType Thrown) {
  if (Caught.getCanonicalType() == Thrown.getCanonicalType())
    return true;
  const CXXRecordDecl *C = Caught->getAsCXXRecordDecl();
  const CXXRecordDecl *T = Thrown->getAsCXXRecordDecl();
  if (C && T && T->hasDefinition() && C->hasDefinition())
    return T->isDerivedFrom(C); // public bases are what a handler matches;
                                // a non-public one is rare enough to accept
  // A pointer handler catches pointers to the same or derived classes.
  if (Caught->isPointerType() && Thrown->isPointerType())
    return sameOrBase(Caught->getPointeeType().getUnqualifiedType(),
                      Thrown->getPointeeType().getUnqualifiedType());
  return false;
}
} // namespace

bool FlowGraph::handlerSurelyCatches(const CXXCatchStmt *Handler,
                                     QualType Thrown) {
  if (!Handler)
    return false;
  if (!Handler->getExceptionDecl())
    return true; // catch (...)
  QualType C = caughtType(Handler);
  if (C.isNull() || C->isDependentType() || Thrown.isNull())
    return false;
  return sameOrBase(C, Thrown);
}

bool FlowGraph::handlerMayCatch(const CXXCatchStmt *Handler, QualType Thrown) {
  if (!Handler)
    return false;
  if (Thrown.isNull() || !Handler->getExceptionDecl())
    return true;
  QualType C = caughtType(Handler);
  if (C.isNull() || C->isDependentType())
    return true;
  return sameOrBase(C, Thrown);
}

bool FlowGraph::dispatchEdgeMayBeTaken(const CFGBlock *From,
                                       const CFGBlock *To, QualType Thrown) {
  const auto *Try = dyn_cast_or_null<CXXTryStmt>(
      From ? From->getTerminatorStmt() : nullptr);
  if (!Try || !To)
    return true;
  const auto *Target = dyn_cast_or_null<CXXCatchStmt>(To->getLabel());
  for (unsigned I = 0, N = Try->getNumHandlers(); I < N; ++I) {
    const CXXCatchStmt *H = Try->getHandler(I);
    if (H == Target)
      return handlerMayCatch(H, Thrown);
    if (handlerSurelyCatches(H, Thrown))
      return false; // an earlier handler takes it
  }
  // Not a handler of this try: the exception propagates past it.
  return Target == nullptr;
}

} // namespace clang::tidy::tapecheck
