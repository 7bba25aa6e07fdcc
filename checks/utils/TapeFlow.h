//===--- TapeFlow.h - path questions on a function's CFG ------------------===//
//
// Part of tapecheck. A small forward walker over clang's CFG in the style of
// clang-tidy's UseAfterMoveFinder: "is B reachable after A on some path
// without passing C", plus a state-carrying variant for questions like "is a
// recording scope alive and not paused here".
//
// The CFG is built with implicit destructors (so the end of every automatic
// object's lifetime is an element, on every exit path: fall-through, return,
// break, continue, goto) and with every expression as its own element (so
// every call has a position). Exceptions are not modelled as edges except
// `throw` itself, which flows to the matching handlers or to the exit.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_UTILS_TAPEFLOW_H
#define TAPECHECK_CHECKS_UTILS_TAPEFLOW_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <optional>

namespace clang::tidy::tapecheck {

/// A position in a CFG: an element of a block.
struct FlowPos {
  const CFGBlock *Block = nullptr;
  unsigned Index = 0;
  bool operator==(const FlowPos &O) const {
    return Block == O.Block && Index == O.Index;
  }
};

/// The automatic variables with a destructor that an exception leaves the
/// scope of on the CFG edge \p From -> \p To, innermost first: from a block
/// ending in `throw` (or from a try statement's dispatch block, for an
/// exception none of its handlers caught) to the dispatch block of the try
/// statement that receives it. Unwinding destroys them, but the CFG has no
/// destructor elements on such edges. Empty for every other edge.
llvm::SmallVector<const VarDecl *, 4>
unwoundOnEdge(const CFGBlock *From, const CFGBlock *To, const ParentMap &Parents);

/// True when \p Body nests statements and expressions deeper than clang's
/// CFG builder, which recurses once per level, can take on an ordinary
/// stack (`x * x * ... * x` with thousands of terms). Such code is
/// generated, not written: the checks stay silent on it rather than crash.
bool nestsTooDeepForCFG(const Stmt *Body);

class FlowGraph {
public:
  /// Builds the CFG of \p Body (the body of \p D). Returns null when clang
  /// cannot build one (the caller then stays silent).
  static std::unique_ptr<FlowGraph> build(const Decl *D, const Stmt *Body,
                                          ASTContext &Ctx);

  const CFG &cfg() const { return *Cfg; }
  const Decl *decl() const { return D; }

  /// The position of \p S when it is an element of the CFG (every evaluated
  /// expression and statement is; unevaluated operands and the bodies of
  /// lambdas are not).
  std::optional<FlowPos> positionOf(const Stmt *S) const;
  /// The position of the (possibly synthesised) DeclStmt declaring \p VD.
  std::optional<FlowPos> declarationOf(const VarDecl *VD) const;
  /// Positions where automatic object \p VD is destroyed (one per exit path
  /// out of its scope).
  llvm::ArrayRef<FlowPos> destructorsOf(const VarDecl *VD) const;

  /// True if \p B is reachable from the entry block.
  bool isReachable(const CFGBlock *B) const {
    return B && B->getBlockID() < Reachable.size() && Reachable[B->getBlockID()];
  }
  bool isReachable(FlowPos P) const { return isReachable(P.Block); }

  /// What a visitor tells the walk after seeing an element or an edge.
  enum class Step {
    Continue, ///< keep walking this path
    Stop,     ///< do not go past this point on this path
    Abort,    ///< end the whole walk
  };
  /// Small per-path state carried along the walk (e.g. "paused", "an
  /// exception is in flight"). Each block is visited at most once per state.
  using State = unsigned;

  using ElementFn =
      llvm::function_ref<Step(const CFGElement &, FlowPos, State &)>;
  using EdgeFn =
      llvm::function_ref<Step(const CFGBlock *From, const CFGBlock *To,
                              State &)>;

  /// Walks every element reachable from \p Start (excluding \p Start itself
  /// unless \p Inclusive), in path order, with the given initial state. On
  /// an edge an exception takes to its try statement, the destructors of
  /// the variables it unwinds (unwoundOnEdge) are visited as elements
  /// (positioned one past the end of the block the edge leaves).
  /// Elements after \p Start in its own block are visited first; the start
  /// block is visited again from its beginning if a path (a loop) leads back
  /// to it, so "is A reachable after itself" is answered too.
  ///
  /// Several walks may share \p Visited (block entries, per state): a walk
  /// then skips what an earlier one already walked, for callers whose
  /// visitors answer the same from the same place whoever started the walk.
  using VisitedSet = llvm::DenseSet<std::pair<unsigned, State>>;
  void walk(FlowPos Start, bool Inclusive, State Init, ElementFn OnElement,
            EdgeFn OnEdge = nullptr, VisitedSet *Visited = nullptr) const;
  /// Walks from the entry block.
  void walkFromEntry(State Init, ElementFn OnElement,
                     EdgeFn OnEdge = nullptr) const;

  /// Is \p To reachable after \p From on some path that does not pass any of
  /// \p Blockers? All three must be CFG elements (see positionOf); false
  /// otherwise.
  bool isReachableAfter(const Stmt *From, const Stmt *To,
                        llvm::ArrayRef<const Stmt *> Blockers) const;

  /// Does some path from the entry reach the exit block without passing any
  /// element for which \p IsBlocker returns true?
  bool exitReachableAvoiding(
      llvm::function_ref<bool(const CFGElement &, FlowPos)> IsBlocker) const;

  /// The statement of a CFGStmt element, or null.
  static const Stmt *stmtOf(const CFGElement &E);

  //===-- exceptions -------------------------------------------------------===//
  // The CFG sends a `throw` to its try statement's dispatch block, whose
  // successors are every handler and (unless one is catch (...)) the exit or
  // the enclosing dispatch block. These say which of those edges an exception
  // of a known type can really take (`throw E(...)` throws exactly E).

  /// The type a throw expression throws, or null for a rethrow (`throw;`).
  static QualType thrownType(const CXXThrowExpr *Throw);
  /// Can \p Handler catch an exception of type \p Thrown (null: unknown)?
  static bool handlerMayCatch(const CXXCatchStmt *Handler, QualType Thrown);
  /// Does \p Handler certainly catch an exception of type \p Thrown?
  static bool handlerSurelyCatches(const CXXCatchStmt *Handler,
                                   QualType Thrown);
  /// Can the dispatch edge \p From -> \p To (From's terminator a try
  /// statement) be taken by an exception of type \p Thrown? Handlers are
  /// tried in order, so one after a handler that surely catches it cannot.
  static bool dispatchEdgeMayBeTaken(const CFGBlock *From, const CFGBlock *To,
                                     QualType Thrown);

private:
  FlowGraph() = default;
  void index();

  /// The destructor elements of unwoundOnEdge(From, To).
  llvm::ArrayRef<CFGElement> unwindingOn(const CFGBlock *From,
                                         const CFGBlock *To) const;

  const Decl *D = nullptr;
  const Stmt *Body = nullptr;
  std::unique_ptr<CFG> Cfg;
  mutable std::unique_ptr<ParentMap> Parents; // built at the first throw edge
  mutable llvm::DenseMap<std::pair<const CFGBlock *, const CFGBlock *>,
                         llvm::SmallVector<CFGElement, 2>>
      Unwinding;
  llvm::DenseMap<const Stmt *, FlowPos> StmtPositions;
  llvm::DenseMap<const VarDecl *, FlowPos> DeclPositions;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<FlowPos, 2>> DtorPositions;
  llvm::BitVector Reachable;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_UTILS_TAPEFLOW_H
