//===--- TapeLifecycle.h - what a function does to its tapes --------------===//
//
// Part of tapecheck. The lifecycle model shared by the tape-* checks that
// reason about the order of tape operations (nonpersistent-reuse,
// use-after-release, persistent-not-released, gradient-in-scope), and usable
// by any other check that needs "which tape does this call act on, and what
// happens to that tape before and after it".
//
// For one function (a *unit*; each lambda body is a unit of its own, nested
// in the unit of the function that contains it) the model records:
//
//  * roots: the tape objects the function can name: local GradientTape
//    variables, tape parameters (reference, pointer or value) and, in a
//    lambda, the tapes of the enclosing function. References and pointers
//    initialised from a tape (`auto &r = t;`, `auto *p = &t;`) are aliases
//    of that root, not roots.
//  * events, each at a CFG element: gradient(), release(), watch(), record(),
//    stop_recording() on a root; Reset (assigned a new tape); Escape (the
//    tape went somewhere the model cannot follow: moved, returned, stored,
//    address kept, passed to a function whose body is not visible, ...); and
//    Call: the tape passed to a function or lambda whose body is visible,
//    with a summary of what that body does to it (function summaries, a few
//    levels deep).
//  * recording scopes and pauses: variables initialised from `t.record()` /
//    `t.stop_recording()`, alive from their declaration to their destructor.
//
// The path queries at the bottom are what the checks report.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_UTILS_TAPELIFECYCLE_H
#define TAPECHECK_CHECKS_UTILS_TAPELIFECYCLE_H

#include "TapeFlow.h"
#include "TapeModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::tapecheck {

/// A tape operation as written (a `gradient()`/`release()` member call, or a
/// call to a configured release function), possibly inside helpers: \c Via
/// lists the call sites, outermost first, through which the analysed
/// function reaches it.
struct DeepSite {
  const CallExpr *Call = nullptr;
  llvm::SmallVector<const Expr *, 2> Via;

  /// The same site seen from a caller that reached it through \p CallSite.
  DeepSite through(const Expr *CallSite) const;
  bool operator==(const DeepSite &O) const {
    return Call == O.Call && Via == O.Via;
  }
};

/// What a function (or lambda) body does to one tape it receives (a tape
/// parameter, or a tape a lambda captures), seen from a caller.
struct TapeSummary {
  /// The body lets the tape go where the model cannot follow it.
  bool Escapes = false;
  /// gradient() calls that can be the first one on the tape in the body.
  std::vector<DeepSite> EntryGradients;
  /// Every gradient() call on the tape in the body.
  std::vector<DeepSite> AllGradients;
  /// The gradient() calls made while no recording scope or pause of the
  /// tape that the body opened is alive: whether they run in a scope is the
  /// caller's recording state.
  std::vector<DeepSite> ExposedGradients;
  /// Every release() of the tape in the body.
  std::vector<DeepSite> Releases;
  /// Every path through the body releases the tape.
  bool MustRelease = false;
  /// (first, second) gradient() pairs inside the body, both on the tape,
  /// the second reachable after the first: a reuse if the tape is
  /// non-persistent.
  std::vector<std::pair<DeepSite, DeepSite>> InternalReuse;
  /// gradient() calls inside the body while a recording scope of the tape,
  /// opened in the body, is alive: in scope if the tape is persistent.
  std::vector<std::pair<DeepSite, const VarDecl *>> InternalInScope;
};

enum class TapeEventKind {
  Gradient,
  Release,
  Watch,
  Record,
  StopRecording,
  Reset,  ///< the variable receives another tape (operator=)
  Escape, ///< the model loses track of the tape here
  Call,   ///< passed to a visible function or lambda: see Callee
};

struct TapeEvent {
  TapeEventKind Kind;
  const ValueDecl *Tape = nullptr; ///< the root
  const Stmt *Anchor = nullptr;    ///< the CFG element where it happens
  const Expr *Site = nullptr;      ///< what a diagnostic points at
  const TapeSummary *Callee = nullptr; ///< Kind == Call
  std::optional<FlowPos> Pos;          ///< Anchor's position, if evaluated

  bool mayGradient() const {
    return Kind == TapeEventKind::Gradient ||
           (Kind == TapeEventKind::Call && !Callee->AllGradients.empty());
  }
  bool mayRelease() const {
    return Kind == TapeEventKind::Release ||
           (Kind == TapeEventKind::Call && !Callee->Releases.empty());
  }
  bool mustRelease() const {
    return Kind == TapeEventKind::Release ||
           (Kind == TapeEventKind::Call && Callee->MustRelease);
  }
  bool losesTrack() const {
    return Kind == TapeEventKind::Reset || Kind == TapeEventKind::Escape;
  }
};

enum class RootKind {
  LocalTape, ///< an automatic GradientTape variable of this function
  Parameter, ///< a GradientTape parameter (reference, pointer or value)
  Opaque,    ///< a local reference/pointer whose target is unknown
};

struct TapeRoot {
  const ValueDecl *Decl = nullptr;
  RootKind Kind = RootKind::Opaque;
  /// Persistence from the construction (LocalTape only; Unknown after a
  /// Reset anywhere).
  Tristate Persistent = Tristate::Unknown;
  /// LocalTape: made by a GradientTape constructor here (not moved in).
  bool Constructed = false;
  /// Reset or Escape anywhere in the function or its lambdas.
  bool LosesTrack = false;
  bool HasReset = false;
  /// LocalTape: the declaration and the compound statement holding it.
  const DeclStmt *DeclStatement = nullptr;
  const CompoundStmt *EnclosingBlock = nullptr;
  /// try statements whose try-block contains the declaration.
  llvm::SmallPtrSet<const CXXTryStmt *, 2> EnclosingTries;
};

/// A variable holding a RecordingScope (from record()) or a RecordingPause
/// (from stop_recording()).
struct ScopeVar {
  const VarDecl *Var = nullptr;
  const ValueDecl *Tape = nullptr; ///< root
  bool IsPause = false;
  const CXXMemberCallExpr *Call = nullptr;
  /// `auto b = std::move(a);`: b holds the scope a opened (and its end is
  /// b's), a holds nothing once moved from.
  const VarDecl *MovedFrom = nullptr;
  bool MovedOut = false;
  /// The `std::move(var)` expressions that hand it on (to a variable, an
  /// optional, a parameter, ...), and lambdas that capture it by reference:
  /// after one, where it ends is not this variable's destructor.
  llvm::SmallVector<const Expr *, 1> Moves;
};

class LifecycleAnalysis;

/// The model of one function or lambda body.
class FunctionUnit {
public:
  const FunctionDecl *function() const { return FD; }
  ASTContext &context() const { return *Ctx; }
  const Stmt *body() const { return Body; }
  const FlowGraph &graph() const { return *Graph; }
  const FunctionUnit *parent() const { return Parent; }
  llvm::ArrayRef<TapeEvent> events() const { return Events; }
  llvm::ArrayRef<ScopeVar> scopes() const { return Scopes; }
  /// The scope or pause of \p Tape that \p V holds, or null.
  const ScopeVar *scopeOf(const VarDecl *V, const ValueDecl *Tape) const;
  /// The scope or pause of \p Tape that element \p E begins (a declaration
  /// that opens one, not one that takes it over by a move) or ends (a
  /// destructor of the variable holding it, not of one moved from), or null.
  const ScopeVar *opens(const CFGElement &E, const ValueDecl *Tape) const;
  const ScopeVar *closes(const CFGElement &E, const ValueDecl *Tape) const;
  /// Lambda units nested directly in this one.
  llvm::ArrayRef<const FunctionUnit *> lambdas() const { return Lambdas; }
  /// This unit and all lambda units nested in it, outermost first.
  std::vector<const FunctionUnit *> selfAndNested() const;

  /// Root info for \p D, searching enclosing units too; null if \p D is no
  /// root.
  const TapeRoot *root(const ValueDecl *D) const;
  /// Roots declared in this unit, in declaration order.
  std::vector<const TapeRoot *> ownRoots() const;
  /// Roots (own or of enclosing units) that have events here, in first-event
  /// order.
  std::vector<const ValueDecl *> rootsWithEvents() const;
  /// The root \p D (a root, an alias of one, or neither) stands for.
  const ValueDecl *resolve(const ValueDecl *D) const;
  /// True if \p S (an expression or statement of this unit) refers to root
  /// \p Root directly, through an alias, or through a lambda capturing it.
  bool refersTo(const Stmt *S, const ValueDecl *Root) const;

  /// Indices into events() of the events anchored at CFG element \p E, and
  /// the variable \p E declares (DeclStmt) or destroys (destructor), if any.
  llvm::ArrayRef<unsigned> eventsAt(const CFGElement &E) const;
  static const VarDecl *declaredBy(const CFGElement &E);
  static const VarDecl *destroyedBy(const CFGElement &E);

  /// The try statement a catch handler belongs to.
  const CXXTryStmt *tryOf(const CXXCatchStmt *C) const;

private:
  friend class LifecycleAnalysis;
  friend class UnitBuilder;
  FunctionUnit() = default;

  const FunctionDecl *FD = nullptr;
  const Stmt *Body = nullptr;
  ASTContext *Ctx = nullptr;
  const FunctionUnit *Parent = nullptr;
  std::unique_ptr<FlowGraph> Graph;
  std::vector<TapeEvent> Events;
  std::vector<ScopeVar> Scopes;
  std::vector<const FunctionUnit *> Lambdas;
  llvm::MapVector<const ValueDecl *, TapeRoot> Roots;
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> Aliases;
  /// Closure variables (`auto f = [&] {...};`) -> the roots the lambda can
  /// touch.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const ValueDecl *, 2>>
      Closures;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<unsigned, 1>> EventIndex;
  llvm::DenseMap<const CXXCatchStmt *, const CXXTryStmt *> CatchParents;
  /// Per-key summaries of this unit, computed on demand.
  mutable llvm::DenseMap<const ValueDecl *, std::unique_ptr<TapeSummary>>
      Summaries;
};

struct AnalysisOptions {
  /// How many levels of helper functions summaries follow (0: a tape passed
  /// to any function escapes). Lambdas of the analysed function are always
  /// followed.
  unsigned HelperDepth = 3;
  /// Fully qualified names (`::ns::finish`, or `finish` for any namespace)
  /// of functions that release the tape passed to them.
  std::vector<std::string> ReleaseFunctions;
};

/// Builds and caches units and summaries for one translation unit; call
/// clear() at the end of every translation unit. Checks configured alike
/// share one (shared()), so each function is analysed once for all of them.
class LifecycleAnalysis {
public:
  explicit LifecycleAnalysis(AnalysisOptions Options = {});
  ~LifecycleAnalysis();

  /// The analysis that every check with these options uses.
  static std::shared_ptr<LifecycleAnalysis> shared(const AnalysisOptions &Options);

  const AnalysisOptions &options() const { return Opts; }
  /// Forgets every unit and summary (call at the end of each translation
  /// unit: they point into its AST).
  void clear();

  /// The unit of a function definition matched by a check, or null when
  /// there is nothing to analyse: no tape mentioned, a template pattern, a
  /// lambda body (analysed with its enclosing function), a function of the
  /// runtime itself, code with errors, or no CFG.
  const FunctionUnit *analyzeFunction(const FunctionDecl *FD, ASTContext &Ctx);

  /// What \p Callee's body does to its tape parameter \p Param (or, for a
  /// lambda, to the captured root \p Param), following helpers \p Depth
  /// levels further. Null if the body cannot be analysed.
  const TapeSummary *summaryOf(const FunctionDecl *Callee,
                               const ValueDecl *Param, unsigned Depth,
                               ASTContext &Ctx,
                               const FunctionUnit *Parent = nullptr);

  //===-- path queries (pure functions of a unit) -------------------------===//

  /// (first, second) gradient() on \p Tape with the second reachable after
  /// the first, no release/reset/escape in between; includes pairs inside
  /// helpers called on the tape.
  static std::vector<std::pair<DeepSite, DeepSite>>
  reusePairs(const FunctionUnit &U, const ValueDecl *Tape);

  /// (release, gradient) on \p Tape with the gradient() reachable after the
  /// release(), no reset/escape in between.
  static std::vector<std::pair<DeepSite, DeepSite>>
  gradientsAfterRelease(const FunctionUnit &U, const ValueDecl *Tape);

  /// (gradient, scope variable): gradient() on \p Tape reachable while a
  /// recording scope of \p Tape opened in this unit is alive and no pause of
  /// the same tape is alive.
  static std::vector<std::pair<DeepSite, const VarDecl *>>
  gradientsInScope(const FunctionUnit &U, const ValueDecl *Tape);

  /// gradient() on \p Tape reachable from the unit's entry while no scope
  /// or pause of \p Tape opened in this unit is alive (TapeSummary).
  static std::vector<DeepSite> exposedGradients(const FunctionUnit &U,
                                                const ValueDecl *Tape);

  /// A path from the construction of local tape \p Tape to the end of its
  /// lifetime that passes no release.
  struct Leak {
    /// The statement where the tape dies unreleased: the block, return,
    /// break, continue or goto that ends its scope, or the throw whose
    /// exception leaves it.
    const Stmt *Where = nullptr;
    bool ByException = false;
  };
  /// With \p IgnoreSystemMacroExits, paths that leave through a return,
  /// jump or throw spelled in a system-header macro (an assertion such as
  /// googletest's ASSERT_TRUE returning on failure) are not leaks.
  static std::optional<Leak> findLeak(const FunctionUnit &U,
                                      const VarDecl *Tape,
                                      bool IgnoreSystemMacroExits = false);

private:
  friend class UnitBuilder;
  FunctionUnit *buildUnit(const FunctionDecl *FD, const Stmt *Body,
                          unsigned Depth, const FunctionUnit *Parent,
                          ASTContext &Ctx);
  const TapeSummary *summarize(const FunctionUnit &U, const ValueDecl *Key);
  bool isReleaseFunction(const FunctionDecl *FD) const;

  AnalysisOptions Opts;
  /// Units by (function, depth). Lambda units are keyed the same way.
  std::map<std::pair<const FunctionDecl *, unsigned>,
           std::unique_ptr<FunctionUnit>>
      Units;
  /// Units being built (recursion guard).
  llvm::SmallPtrSet<const FunctionDecl *, 8> InProgress;
  /// The unit whose body contains each lambda class (for captures).
  llvm::DenseMap<const CXXRecordDecl *, const FunctionUnit *> LambdaParents;
  TapeSummary Opaque; ///< Escapes = true
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_UTILS_TAPELIFECYCLE_H
