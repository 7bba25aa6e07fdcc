// Value-flow analysis for the dataflow checks. See ValueFlow.h for the
// contract; this file holds the whole machinery:
//
//  * Names      recognising the tape runtime's classes and functions.
//  * Domain     Path / Value: per origin, a few path summaries.
//  * Analyzer   a forward worklist analysis over the Clang CFG of one
//               function, an expression evaluator, function summaries and
//               their instantiation, and the classification of each
//               gradient() call and source.
//  * Cache      one analysis per function per translation unit.
//
// Soundness stance: a finding is only produced from facts the analysis is
// sure about. Anything it does not understand (opaque calls, unknown tape
// objects, joins of different recording states, too many paths) turns into
// the Unknown flag or into "maybe", and both silence the checks, with one
// exception: a raw round trip on a path that avoids the unknown code is
// certain, and raw-array-mixing reports it when no earlier cause can hide
// in the unknown part (classify()).
//
// Tapes are named through their aliases: references and never-reassigned
// pointers initialised from a tape map to it (Alias); tape parameters,
// reference members and captured handles are tapes of their own that a
// caller maps to its arguments. A handle whose tape cannot be told
// (UnknownTape) may be any tape: its recording scope makes every tape maybe
// recording (State::UnknownDepth, UnknownBit in summaries), its watch() is
// a watch on every tape, its gradient()/release() may be on any tape.

#include "ValueFlow.h"
#include "TapeFlow.h"
#include "TapeModel.h"

#include "tape/check_names.hpp"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <tuple>

namespace clang::tidy::tapecheck::flow {

llvm::StringRef checkName(FindingKind K) {
  auto SV = [](std::string_view S) { return llvm::StringRef(S.data(), S.size()); };
  switch (K) {
  case FindingKind::IntegerSource:
    return SV(::tape::checks::integer_source);
  case FindingKind::UnwatchedSource:
    return SV(::tape::checks::unwatched_source);
  case FindingKind::RawArrayMixing:
    return SV(::tape::checks::raw_array_mixing);
  case FindingKind::NonDifferentiablePath:
    return SV(::tape::checks::non_differentiable_path);
  case FindingKind::OpOutsideScope:
    return SV(::tape::checks::op_outside_scope);
  }
  return "";
}

namespace {

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

enum class TK : unsigned char {
  None,
  Tensor,
  Variable,
  Tape,
  Scope,
  Pause,
  Options,
};

/// True when D is declared directly in namespace ::tape (TapeModel).
bool isDirectlyInTape(const Decl *D) { return tapecheck::isInTapeNamespace(D); }

/// True for declarations anywhere inside `tape::` (including tape::detail).
bool isInsideTapeNamespace(const Decl *D) {
  const auto *FD = dyn_cast<FunctionDecl>(D);
  if (FD)
    return tapecheck::isRuntimeFunction(FD);
  for (const Decl *P = D; P; P = dyn_cast_or_null<Decl>(P->getDeclContext()))
    if (tapecheck::isInTapeNamespace(P))
      return true;
  return false;
}

TK recordKind(const CXXRecordDecl *RD) {
  if (!RD || !RD->getIdentifier() || !isDirectlyInTape(RD))
    return TK::None;
  return llvm::StringSwitch<TK>(RD->getName())
      .Case("Tensor", TK::Tensor)
      // A Scalar is a tensor to the analysis: a constant until watched,
      // recorded in scope, exported by value().
      .Case("Scalar", TK::Tensor)
      .Case("Variable", TK::Variable)
      .Case("GradientTape", TK::Tape)
      .Case("RecordingScope", TK::Scope)
      .Case("RecordingPause", TK::Pause)
      .Case("TapeOptions", TK::Options)
      .Default(TK::None);
}

/// A member of tape::Scalar (whose value() is a raw export, where
/// Variable's is a snapshot).
bool isScalarMember(const FunctionDecl *F) {
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  return M && tapecheck::isScalarRecord(M->getParent());
}

/// A (possibly reference, possibly const) tape::Scalar.
bool isScalarType(QualType T) {
  return tapecheck::isScalarRecord(T.getNonReferenceType()->getAsCXXRecordDecl());
}

/// Kind of a (possibly reference, possibly const) type; pointers are None.
TK typeKind(QualType T) {
  if (T.isNull())
    return TK::None;
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *RD = T->getAsCXXRecordDecl())
    return recordKind(RD);
  return TK::None;
}

bool isStdLike(const Decl *D, const SourceManager &SM) {
  if (!D)
    return false;
  if (D->isInStdNamespace())
    return true;
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D->getDeclContext()))
    if (RD->isInStdNamespace())
      return true;
  SourceLocation L = D->getLocation();
  return L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L));
}

/// T of a std::<Template><T, ...> (references and aliases looked through),
/// else null.
QualType stdElementType(QualType T, llvm::StringRef Template) {
  T = T.getNonReferenceType().getCanonicalType();
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || Spec->getName() != Template)
    return {};
  const auto &Args = Spec->getTemplateArgs();
  if (Args.size() < 1 || Args[0].getKind() != TemplateArgument::Type)
    return {};
  return Args[0].getAsType();
}

/// std::vector of an integral type: tape::Shape.
bool isShapeType(QualType T) {
  const QualType E = stdElementType(T, "vector");
  return !E.isNull() && E->isIntegerType();
}

/// Element kind of a std::vector, std::array or C array of Tensor /
/// Variable (None otherwise).
TK sequenceElementKind(QualType T) {
  QualType E = stdElementType(T, "vector");
  if (E.isNull())
    E = stdElementType(T, "array");
  if (E.isNull())
    if (const auto *CA = dyn_cast<ConstantArrayType>(T.getNonReferenceType().getCanonicalType()))
      E = CA->getElementType();
  if (E.isNull())
    return TK::None;
  TK K = typeKind(E);
  return (K == TK::Tensor || K == TK::Variable) ? K : TK::None;
}

const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = E->IgnoreParens();
    if (const auto *FE = dyn_cast<FullExpr>(E))
      E = FE->getSubExpr();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(E))
      E = IC->getSubExpr();
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      if (FC->getCastKind() == CK_NoOp || FC->getCastKind() == CK_ConstructorConversion)
        E = FC->getSubExpr();
    if (E == Prev)
      break;
  }
  return E;
}

/// Strips conversions and elidable copy/move constructions.
const Expr *stripCopies(const Expr *E) {
  while (true) {
    E = strip(E);
    const auto *CE = dyn_cast_or_null<CXXConstructExpr>(E);
    if (!CE || CE->getNumArgs() != 1 || !CE->getConstructor())
      return E;
    const CXXConstructorDecl *C = CE->getConstructor();
    if (!C->isCopyOrMoveConstructor() && !CE->isElidable())
      return E;
    E = CE->getArg(0);
  }
}

std::string exprText(const Expr *E, ASTContext &Ctx) {
  if (!E)
    return "";
  const Expr *S = stripCopies(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    return DRE->getDecl()->getNameAsString();
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
  llvm::StringRef T = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
  if (T.empty() || T.size() > 60)
    return "the source";
  return T.str();
}

//===----------------------------------------------------------------------===//
// Domain
//===----------------------------------------------------------------------===//

using TapeSet = uint32_t;
/// "Whatever the caller records / pauses": resolved when a summary is
/// instantiated at a call.
constexpr TapeSet CallerBit = 1u << 31;
/// "A tape the analysis cannot name" (a pointer or reference whose target is
/// not known): it may be any tape, so a set holding it is widened to every
/// tape (AllTapes) wherever it meets a known tape.
constexpr TapeSet UnknownBit = 1u << 30;
constexpr TapeSet AllTapes = ~0u;
constexpr unsigned MaxTapes = 30;
/// tapeOf(): the expression designates a tape, but which one is not known.
constexpr int UnknownTape = -2;
using OriginId = unsigned;

enum class DT : unsigned char { Unknown, F32, F64, I64 };

enum PathFlag : unsigned char {
  PF_HasOps = 1,       // at least one operation on the path
  PF_NonDiff = 2,      // crosses a non-differentiable operation
  PF_Raw = 4,          // crosses a raw export or a view whose memory changed
  PF_Cut = 8,          // stop_gradient, Variable::value, a paused tape
  PF_Unknown = 16,     // crosses something the analysis does not understand
  PF_WatchPending = 32 // first op in a callee; watch state resolved by caller
};

/// A fixed-capacity inline vector: keeps Path trivially copyable (paths are
/// copied a lot). Elements past the capacity are dropped.
template <class T, unsigned N> struct FixedVec {
  T Items[N];
  unsigned char Count = 0;
  bool push_back(const T &V) {
    if (Count >= N)
      return false;
    Items[Count++] = V;
    return true;
  }
  T *begin() { return Items; }
  T *end() { return Items + Count; }
  const T *begin() const { return Items; }
  const T *end() const { return Items + Count; }
  unsigned size() const { return Count; }
  void clear() { Count = 0; }
  void erase(T *It) {
    std::copy(It + 1, end(), It);
    --Count;
  }
  bool operator==(const FixedVec &O) const {
    return Count == O.Count && std::equal(begin(), end(), O.begin());
  }
};

struct Drop {
  SourceLocation Loc;
  TapeSet Rec; // recording set at that operation
};

struct Path {
  unsigned char Flags = 0;
  TapeSet Recorded = AllTapes; // tapes recording during every op on the path
  TapeSet Paused = 0;          // tapes paused (stop_recording) during some op
  TapeSet WatchedFirst = 0;    // tapes on which the origin was watched at first op
  TapeSet FirstRec = 0;        // recording set at the first op (WatchPending)
  FixedVec<OriginId, 2> Views; // view memories a later write would break (sorted)
  /// PF_Raw through an export: the tapes that recorded every operation
  /// before it (AllTapes when there was none). Another tape sees the value
  /// as a constant of an earlier recording, as the runtime does.
  TapeSet RawOn = AllTapes;
  // Payload (not part of the key): where the path breaks, for notes.
  SourceLocation FirstOpLoc, NonDiffLoc, RawLoc;
  llvm::StringRef NonDiffName, RawName;
  bool RawViewWrite = false;
  FixedVec<Drop, 3> Drops;

  bool sameKey(const Path &O) const {
    return Flags == O.Flags && Recorded == O.Recorded && Paused == O.Paused &&
           WatchedFirst == O.WatchedFirst && FirstRec == O.FirstRec &&
           Views == O.Views && RawOn == O.RawOn;
  }
  bool isIdentity() const { return Flags == 0; }
};

struct Dep {
  OriginId O;
  llvm::SmallVector<Path, 1> Paths;
};

struct Value {
  llvm::SmallVector<Dep, 2> Deps; // sorted by origin
  DT Ty = DT::Unknown;
  const ValueDecl *PointsTo = nullptr; // pointers/iterators: the buffer
  const Expr *IntLit = nullptr;        // integer literal that made an i64 tensor
  /// A tensor just made from raw values (a Tensor constructor from numbers,
  /// a list, a vector or an array; from_raw; view) and not yet stored: a
  /// new root constant, whatever the values depend on.
  bool Fresh = false;

  bool empty() const { return Deps.empty(); }
  const Dep *find(OriginId O) const {
    for (const Dep &D : Deps)
      if (D.O == O)
        return &D;
    return nullptr;
  }
};

constexpr unsigned MaxPathsPerOrigin = 8;

/// Adds P to the paths of origin O in V. Returns true when V changed.
bool addPath(Value &V, OriginId O, const Path &P) {
  auto It = std::lower_bound(V.Deps.begin(), V.Deps.end(), O,
                             [](const Dep &D, OriginId X) { return D.O < X; });
  if (It == V.Deps.end() || It->O != O) {
    Dep D;
    D.O = O;
    D.Paths.push_back(P);
    V.Deps.insert(It, std::move(D));
    return true;
  }
  for (const Path &Q : It->Paths)
    if (Q.sameKey(P))
      return false;
  if (It->Paths.size() >= MaxPathsPerOrigin) {
    // Too many shapes: collapse into one path the checks will not trust.
    for (const Path &Q : It->Paths)
      if (Q.Flags == (PF_Unknown | PF_HasOps) && Q.Recorded == 0)
        return false;
    Path U;
    U.Flags = PF_Unknown | PF_HasOps;
    U.Recorded = 0;
    It->Paths.clear();
    It->Paths.push_back(U);
    return true;
  }
  It->Paths.push_back(P);
  return true;
}

DT joinTy(DT A, DT B) { return A == B ? A : DT::Unknown; }

bool joinInto(Value &A, const Value &B) {
  bool Changed = false;
  for (const Dep &D : B.Deps)
    for (const Path &P : D.Paths)
      Changed |= addPath(A, D.O, P);
  if (A.Ty != B.Ty) {
    DT N = A.empty() && A.Ty == DT::Unknown ? B.Ty : joinTy(A.Ty, B.Ty);
    if (N != A.Ty) {
      A.Ty = N;
      Changed = true;
    }
  }
  if (A.PointsTo != B.PointsTo && A.PointsTo) {
    A.PointsTo = nullptr;
    Changed = true;
  }
  if (A.IntLit != B.IntLit)
    A.IntLit = nullptr;
  if (A.Fresh && !B.Fresh)
    A.Fresh = false;
  return Changed;
}

Value unionOf(llvm::ArrayRef<Value> Vs) {
  Value R;
  for (const Value &V : Vs)
    for (const Dep &D : V.Deps)
      for (const Path &P : D.Paths)
        addPath(R, D.O, P);
  return R;
}

Value withFlag(const Value &V, unsigned char Flag, SourceLocation Loc = {},
               llvm::StringRef Name = {}) {
  Value R;
  R.Ty = V.Ty;
  R.PointsTo = V.PointsTo;
  for (const Dep &D : V.Deps)
    for (Path P : D.Paths) {
      if (Flag == PF_Raw && !(P.Flags & PF_Raw)) {
        P.RawLoc = Loc;
        P.RawName = Name;
        P.RawViewWrite = false;
        P.RawOn = (P.Flags & PF_HasOps) ? P.Recorded : AllTapes;
      }
      P.Flags |= Flag;
      addPath(R, D.O, P);
    }
  return R;
}

//===----------------------------------------------------------------------===//
// Origins (one table per translation unit)
//===----------------------------------------------------------------------===//

enum class OK : unsigned char { Variable, Site, Param, Free, ViewMem, Any };

struct OriginInfo {
  OK Kind;
  const void *K1 = nullptr;
  const void *K2 = nullptr;
  unsigned Idx = 0;
  DT Ty = DT::Unknown;
  const Expr *IntLit = nullptr;
  SourceLocation Loc;
  std::string Name;
  /// Site: made from raw values (a constructor, from_raw, an export), not by
  /// an operation. Only such tensors need tape.watch().
  bool Root = false;
  /// Variable: the function that makes it (a local or a temporary), whose
  /// every call makes a new one; null for globals and members.
  const FunctionDecl *MadeIn = nullptr;
  /// Param / Free / ViewMem: plain data (numbers, arrays, vectors of numbers,
  /// pointers to them), which no Tensor can stand for: a tensor made from it
  /// is a new constant, not another name for it.
  bool RawData = false;
};

struct OriginTable {
  std::deque<OriginInfo> Infos; // deque: references stay valid as it grows
  llvm::DenseMap<std::tuple<int, const void *, const void *, unsigned>, OriginId> Map;

  OriginId get(OK K, const void *K1, const void *K2, unsigned Idx, bool &Fresh) {
    auto Key = std::make_tuple(int(K), K1, K2, Idx);
    auto It = Map.find(Key);
    if (It != Map.end()) {
      Fresh = false;
      return It->second;
    }
    Fresh = true;
    OriginId Id = Infos.size();
    OriginInfo I;
    I.Kind = K;
    I.K1 = K1;
    I.K2 = K2;
    I.Idx = Idx;
    Infos.push_back(I);
    Map.try_emplace(Key, Id);
    return Id;
  }
  std::optional<OriginId> lookup(OK K, const void *K1, const void *K2, unsigned Idx) const {
    auto It = Map.find(std::make_tuple(int(K), K1, K2, Idx));
    if (It == Map.end())
      return std::nullopt;
    return It->second;
  }
  OriginInfo &info(OriginId O) { return Infos[O]; }
};

//===----------------------------------------------------------------------===//
// Per-function results and the TU cache
//===----------------------------------------------------------------------===//

struct TapeInfo {
  const ValueDecl *D = nullptr;
  bool Local = false;     // constructed in this function: state known from birth
  int8_t Persistent = -1; // -1 unknown
  int8_t AutoWatch = -1;  // watch_accessed_variables; -1 unknown
  std::string Name;
};

enum TapeEffect : unsigned char { TE_Gradient = 1, TE_Release = 2, TE_Watch = 4 };

struct Summary {
  bool Valid = false;
  Value Ret;
  std::vector<TapeInfo> Tapes;
  llvm::SmallPtrSet<const ValueDecl *, 4> WritesFree;
  llvm::SmallVector<std::pair<const ValueDecl *, unsigned char>, 2> TapeEffects;
  /// TapeEffect bits done to tapes the function cannot name (any tape).
  unsigned char UnknownTapeEffects = 0;
  /// watch() of a parameter on a tape the caller passes: (tape, parameter
  /// index). A tape on which the function watched anything else is in
  /// OtherWatches: what it watched is unknown to the caller.
  llvm::SmallVector<std::pair<const ValueDecl *, unsigned>, 2> ParamWatches;
  llvm::SmallPtrSet<const ValueDecl *, 2> OtherWatches;
};

struct FnEntry {
  bool InProgress = false;
  bool Done = false;
  Summary Sum;
  FunctionFlowResult Result;
};

struct TUCache {
  ASTContext *Ctx = nullptr;
  OriginTable Origins;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FnEntry>> Fns;
  llvm::DenseMap<const FunctionDecl *, bool> HasGradient;
  /// Pointer variables: true when no use can make them point elsewhere.
  llvm::DenseMap<const VarDecl *, bool> NeverReseated;
  int HasTapeTypes = -1;
  unsigned Depth = 0;
};

thread_local std::unique_ptr<TUCache> TheCache;

TUCache &cacheFor(ASTContext &Ctx) {
  if (!TheCache || TheCache->Ctx != &Ctx) {
    TheCache = std::make_unique<TUCache>();
    TheCache->Ctx = &Ctx;
  }
  return *TheCache;
}

FnEntry *analyzeInto(TUCache &TU, const FunctionDecl *FD);

//===----------------------------------------------------------------------===//
// State
//===----------------------------------------------------------------------===//

struct TapeSt {
  int8_t Depth = 0; // open RecordingScopes; -1 unknown
  int8_t Pause = 0; // open RecordingPauses; -1 unknown
  bool Released = false;
  bool GradUsed = false;
  bool operator==(const TapeSt &O) const {
    return Depth == O.Depth && Pause == O.Pause && Released == O.Released &&
           GradUsed == O.GradUsed;
  }
};

struct State {
  bool Reached = false;
  llvm::DenseMap<const ValueDecl *, Value> Env;
  llvm::DenseMap<const ValueDecl *, std::vector<Value>> Seqs;
  std::vector<TapeSt> Tapes;
  llvm::DenseMap<OriginId, TapeSet> Watched;
  TapeSet WatchUnknown = 0;
  /// Open recording scopes of tapes the analysis cannot name (-1: unknown).
  /// While one may be open, every tape may be recording.
  int8_t UnknownDepth = 0;
  /// A gradient() or release() on a tape the analysis cannot name ran: it
  /// may have been any tape that existed then (tapes known at that point are
  /// marked one by one; this covers those met later, e.g. parameters).
  bool UnknownLifecycle = false;
};

int8_t joinDepth(int8_t A, int8_t B) { return A == B ? A : int8_t(-1); }

bool joinState(State &A, const State &B) {
  if (!B.Reached)
    return false;
  if (!A.Reached) {
    A = B;
    return true;
  }
  bool Changed = false;
  for (const auto &KV : B.Env) {
    auto It = A.Env.find(KV.first);
    if (It == A.Env.end()) {
      A.Env.insert(KV);
      Changed = true;
    } else {
      Changed |= joinInto(It->second, KV.second);
    }
  }
  for (auto It = A.Seqs.begin(); It != A.Seqs.end();) {
    auto BI = B.Seqs.find(It->first);
    if (BI == B.Seqs.end()) {
      ++It;
      continue;
    }
    if (BI->second.size() != It->second.size()) {
      A.Seqs.erase(It++);
      Changed = true;
      continue;
    }
    for (size_t I = 0; I < It->second.size(); ++I)
      Changed |= joinInto(It->second[I], BI->second[I]);
    ++It;
  }
  for (const auto &KV : B.Seqs)
    if (!A.Seqs.count(KV.first) && !A.Env.count(KV.first)) {
      A.Seqs.insert(KV);
      Changed = true;
    }
  if (A.Tapes.size() < B.Tapes.size())
    A.Tapes.resize(B.Tapes.size());
  for (size_t I = 0; I < A.Tapes.size(); ++I) {
    TapeSt BT = I < B.Tapes.size() ? B.Tapes[I] : TapeSt();
    TapeSt N = A.Tapes[I];
    N.Depth = joinDepth(N.Depth, BT.Depth);
    N.Pause = joinDepth(N.Pause, BT.Pause);
    N.Released |= BT.Released;
    N.GradUsed |= BT.GradUsed;
    if (!(N == A.Tapes[I])) {
      A.Tapes[I] = N;
      Changed = true;
    }
  }
  for (const auto &KV : B.Watched) {
    TapeSet &W = A.Watched[KV.first];
    if ((W | KV.second) != W) {
      W |= KV.second;
      Changed = true;
    }
  }
  if ((A.WatchUnknown | B.WatchUnknown) != A.WatchUnknown) {
    A.WatchUnknown |= B.WatchUnknown;
    Changed = true;
  }
  if (int8_t U = joinDepth(A.UnknownDepth, B.UnknownDepth); U != A.UnknownDepth) {
    A.UnknownDepth = U;
    Changed = true;
  }
  if (B.UnknownLifecycle && !A.UnknownLifecycle) {
    A.UnknownLifecycle = true;
    Changed = true;
  }
  return Changed;
}

//===----------------------------------------------------------------------===//
// Analyzer
//===----------------------------------------------------------------------===//

class PrescanVisitor : public RecursiveASTVisitor<PrescanVisitor> {
public:
  bool Found = false;
  bool Errors = false;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // analysed on their own
  bool VisitExpr(Expr *E) {
    if (E->containsErrors()) {
      Errors = true;
      return false;
    }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *CE) {
    const CXXMethodDecl *MD = CE->getMethodDecl();
    if (MD && MD->getIdentifier() && MD->getName() == "gradient" &&
        recordKind(MD->getParent()) == TK::Tape) {
      Found = true;
      return false;
    }
    return true;
  }
};

class Analyzer {
public:
  Analyzer(TUCache &TU, const FunctionDecl *FD, FnEntry &Out)
      : TU(TU), Ctx(*TU.Ctx), SM(Ctx.getSourceManager()), FD(FD), Out(Out) {}

  bool run();

private:
  TUCache &TU;
  ASTContext &Ctx;
  const SourceManager &SM;
  const FunctionDecl *FD;
  FnEntry &Out;

  std::vector<TapeInfo> Tapes;
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> Alias;
  llvm::DenseMap<const VarDecl *, std::pair<int, bool>> ScopeVars;
  llvm::DenseMap<OriginId, TapeSet> ProducedOn;
  llvm::DenseMap<const Expr *, Value> ExprVals;
  /// keepsItsElements(), and what it needs, made on first use.
  llvm::DenseMap<const ValueDecl *, bool> KeepsElements;
  /// References to an element of a buffer, and the buffer.
  llvm::DenseMap<const VarDecl *, const ValueDecl *> ElementOf;
  std::unique_ptr<ExprMutationAnalyzer> Mutations;
  /// mayBeReadAgain(), made on first use; CurStmt is the CFG element whose
  /// effects are being applied.
  std::unique_ptr<AnalysisDeclContext> LivenessContext;
  std::unique_ptr<LiveVariables> Liveness;
  const Stmt *CurStmt = nullptr;
  std::unique_ptr<ParentMap> Parents;
  /// Expression statements (children of a compound statement whose value
  /// nothing reads): once one is evaluated, the values of its
  /// subexpressions are dropped from ExprVals, so the cache holds one
  /// statement's values rather than the whole function's.
  llvm::SmallPtrSet<const Expr *, 16> ExprStmts;
  State Cur;
  State Unwinding; // unwound()'s result
  bool Report = false;
  bool Failed = false;
  std::map<std::pair<const CallExpr *, unsigned>, FlowFinding> Found;
  /// record()/stop_recording() calls and std::move(scope) expressions that
  /// initialise a scope variable (handled at its declaration).
  llvm::SmallPtrSet<const Expr *, 8> BoundScopeCalls;
  Summary Sum;

  // ---- tapes -------------------------------------------------------------
  int tapeIdOfDecl(const ValueDecl *D, bool Local) {
    if (!D)
      return -1;
    for (size_t I = 0; I < Tapes.size(); ++I)
      if (Tapes[I].D == D)
        return int(I);
    if (Tapes.size() >= MaxTapes) {
      Failed = true;
      return -1;
    }
    TapeInfo TI;
    TI.D = D;
    TI.Local = Local;
    TI.Name = D->getNameAsString();
    Tapes.push_back(TI);
    if (Cur.Tapes.size() < Tapes.size())
      Cur.Tapes.resize(Tapes.size());
    return int(Tapes.size() - 1);
  }

  const ValueDecl *resolveAlias(const ValueDecl *D) const {
    for (int I = 0; I < 8 && D; ++I) {
      auto It = Alias.find(D);
      if (It == Alias.end())
        break;
      D = It->second;
    }
    return D;
  }

  /// Whether the pointer variable VD always holds the address it was
  /// initialised with (a parameter: the argument): every use of it in its
  /// function (lambdas included) only reads its value. References are never
  /// reseated. Globals, statics and fields are not followed.
  bool neverReseated(const ValueDecl *D) {
    if (!D->getType()->isPointerType())
      return D->getType()->isReferenceType();
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!VD || !VD->hasLocalStorage())
      return false;
    auto [It, Inserted] = TU.NeverReseated.try_emplace(VD, false);
    if (!Inserted)
      return It->second;
    const auto *F = dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
    const Stmt *Body = F ? F->getBody() : nullptr;
    if (!Body)
      return false;
    struct Uses : RecursiveASTVisitor<Uses> {
      const VarDecl *VD;
      std::vector<const DeclRefExpr *> Found;
      bool VisitDeclRefExpr(DeclRefExpr *E) {
        if (E->getDecl() == VD)
          Found.push_back(E);
        return true;
      }
    } U;
    U.VD = VD;
    U.TraverseStmt(const_cast<Stmt *>(Body));
    ParentMap PM(const_cast<Stmt *>(Body));
    bool Ok = true;
    for (const DeclRefExpr *E : U.Found) {
      const Stmt *P = PM.getParentIgnoreParens(const_cast<DeclRefExpr *>(E));
      if (const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(P);
          IC && IC->getCastKind() == CK_LValueToRValue)
        continue; // reads the pointer
      if (isa_and_nonnull<LambdaExpr>(P))
        continue; // a capture: the lambda body's own uses are checked too
      Ok = false; // assigned, incremented, address taken, bound to a reference...
      break;
    }
    TU.NeverReseated[VD] = Ok;
    return Ok;
  }

  /// The declaration a tape handle expression designates, looking through
  /// `&t`, `*p`, std::addressof/move and aliases: a tape object, or a
  /// reference/pointer that stands for one (a parameter, a capture). Null
  /// when it cannot be told.
  const ValueDecl *handleTarget(const Expr *E, int Depth = 0) {
    E = strip(E);
    if (!E || Depth > 8)
      return nullptr;
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
        return handleTarget(UO->getSubExpr(), Depth + 1);
      return nullptr;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *F = CE->getDirectCallee();
      if (F && F->getIdentifier() && F->isInStdNamespace() && CE->getNumArgs() == 1 &&
          (F->getName() == "addressof" || F->getName() == "move" ||
           F->getName() == "forward"))
        return handleTarget(CE->getArg(0), Depth + 1);
      return nullptr;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const ValueDecl *D = DRE->getDecl();
      if (!isa<VarDecl>(D))
        return nullptr;
      return resolveAlias(D);
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
          if (!F->getType()->isPointerType()) // a pointer member may change
            return F;
    return nullptr;
  }

  /// `obj.tape` / `obj.inner.tape` with obj a variable (not a reference or
  /// pointer) and every member on the way a value: a tape object that can be
  /// none of the tapes this function or its callers name directly.
  static bool isDistinctSubobject(const Expr *E) {
    for (int I = 0; I < 8 && E; ++I) {
      E = E->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
        QualType T = DRE->getDecl()->getType();
        return I > 0 && isa<VarDecl>(DRE->getDecl()) && !T->isReferenceType() &&
               !T->isPointerType();
      }
      const auto *ME = dyn_cast<MemberExpr>(E);
      if (!ME || ME->isArrow())
        return false;
      const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!F || F->getType()->isReferenceType() || F->getType()->isPointerType())
        return false;
      E = ME->getBase();
    }
    return false;
  }

  /// The tape a (resolved or not) declaration designates: an index into
  /// Tapes, -1 when D is no tape handle, UnknownTape when it is one whose
  /// tape cannot be told (a local pointer or reference whose target is not
  /// known, a global pointer, a pointer member).
  int tapeOfDecl(const ValueDecl *D0) {
    const ValueDecl *D = resolveAlias(D0);
    if (!D)
      return -1;
    tapecheck::TapeTypeForm TF = tapecheck::tapeTypeForm(D->getType());
    if (TF == tapecheck::TapeTypeForm::None)
      return -1;
    for (size_t I = 0; I < Tapes.size(); ++I)
      if (Tapes[I].D == D)
        return int(I);
    if (!isa<VarDecl>(D) && !isa<FieldDecl>(D))
      return UnknownTape;
    if (TF == tapecheck::TapeTypeForm::Value)
      // Not constructed on a path we analysed (a parameter, a capture, a
      // global, or a local reached around its declaration): state unknown.
      return tapeIdOfDecl(D, false);
    if (isa<FieldDecl>(D))
      return TF == tapecheck::TapeTypeForm::Reference ? tapeIdOfDecl(D, false) : UnknownTape;
    // A reference or pointer that is no alias of a tape we know.
    if (isLocalOfFD(D))
      return UnknownTape;
    if (isParamOfFD(D))
      return neverReseated(D) ? tapeIdOfDecl(D, false) : UnknownTape;
    // Captured from the enclosing function: the caller resolves it.
    const auto *VD = cast<VarDecl>(D);
    if (VD->hasLocalStorage() && neverReseated(D))
      return tapeIdOfDecl(D, false);
    if (!VD->hasLocalStorage() && TF == tapecheck::TapeTypeForm::Reference &&
        !VD->isStaticLocal())
      return tapeIdOfDecl(D, false); // a global reference: bound once
    return UnknownTape;
  }

  /// The tape an expression denotes (receiver of record()/gradient()...):
  /// an index into Tapes, -1 when E is no tape handle, UnknownTape when it
  /// is one but the analysis cannot tell which tape.
  int tapeOf(const Expr *E) {
    E = strip(E);
    if (!E)
      return -1;
    if (const ValueDecl *D = handleTarget(E))
      return tapeOfDecl(D);
    if (isDistinctSubobject(E))
      return -1; // `obj.tape`: a tape of its own, none the analysis tracks
    if (tapecheck::tapeTypeForm(E->getType()) != tapecheck::TapeTypeForm::None)
      return UnknownTape; // returned by a call, an element of a container, ...
    return -1;
  }

  /// Every tape's state after an effect on a tape the analysis cannot name.
  void unknownTapeEffect(unsigned char E) {
    for (size_t I = 0; I < Cur.Tapes.size(); ++I) {
      if (E & TE_Gradient)
        Cur.Tapes[I].GradUsed = true;
      if (E & TE_Release)
        Cur.Tapes[I].Released = true;
    }
    if (E & (TE_Gradient | TE_Release))
      Cur.UnknownLifecycle = true;
    if (E & TE_Watch)
      Cur.WatchUnknown = AllTapes;
    Sum.UnknownTapeEffects |= E;
  }

  TapeSet bit(int T) const { return T >= 0 ? (1u << T) : 0; }

  TapeSet recNow() const {
    if (Cur.UnknownDepth != 0)
      return AllTapes; // a tape we cannot name records: it may be any tape
    TapeSet S = CallerBit;
    for (size_t I = 0; I < Cur.Tapes.size(); ++I) {
      const TapeSt &T = Cur.Tapes[I];
      if (T.Depth != 0 && T.Pause <= 0)
        S |= 1u << I;
    }
    return S;
  }
  TapeSet pausedNow() const {
    TapeSet S = CallerBit;
    for (size_t I = 0; I < Cur.Tapes.size(); ++I)
      if (Cur.Tapes[I].Pause > 0)
        S |= 1u << I;
    return S;
  }
  TapeSet autoWatchTapes() const {
    TapeSet S = CallerBit | UnknownBit;
    for (size_t I = 0; I < Tapes.size(); ++I)
      if (Tapes[I].AutoWatch != 0)
        S |= 1u << I;
    return S;
  }

  // ---- origins -----------------------------------------------------------
  OriginInfo &info(OriginId O) { return TU.Origins.info(O); }

  static DT dtOfBuiltin(QualType T) {
    T = T.getNonReferenceType().getCanonicalType();
    if (const auto *BT = T->getAs<BuiltinType>()) {
      if (BT->isInteger() && BT->getKind() != BuiltinType::Bool)
        return DT::I64;
      if (BT->getKind() == BuiltinType::Float)
        return DT::F32;
      if (BT->isFloatingPoint())
        return DT::F64;
      return DT::Unknown;
    }
    if (T->isRecordType() || T->isArrayType())
      return DT::F64; // initializer_list<double>, vector<double>, double[N]
    return DT::Unknown;
  }

  /// dtype a Tensor/Variable constructor produces, and the integer literal
  /// argument that decided it (for the fix-it).
  std::pair<DT, const Expr *> ctorDType(const CXXConstructExpr *CE) {
    const CXXConstructorDecl *C = CE ? CE->getConstructor() : nullptr;
    if (!C || C->getNumParams() == 0 || CE->getNumArgs() == 0)
      return {DT::Unknown, nullptr};
    QualType P = C->getParamDecl(0)->getType();
    if (typeKind(P) != TK::None)
      return {DT::Unknown, nullptr};
    DT D = dtOfBuiltin(P);
    const Expr *Lit = nullptr;
    if (D == DT::I64) {
      const Expr *A = CE->getArg(0)->IgnoreParenImpCasts();
      if (isa<IntegerLiteral>(A))
        Lit = A;
    }
    return {D, Lit};
  }

  const CXXConstructExpr *findConstruct(const Expr *E) {
    for (int I = 0; I < 6 && E; ++I) {
      E = strip(E);
      if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(E)) {
        if (CE->getNumArgs() == 1 && CE->getConstructor() &&
            CE->getConstructor()->isCopyOrMoveConstructor()) {
          E = CE->getArg(0);
          continue;
        }
        return CE;
      }
      return nullptr;
    }
    return nullptr;
  }

  OriginId variableOrigin(const ValueDecl *D) {
    bool Fresh;
    OriginId O = TU.Origins.get(OK::Variable, D, nullptr, 0, Fresh);
    if (Fresh) {
      OriginInfo &I = info(O);
      I.Name = D->getNameAsString();
      I.Loc = D->getLocation();
      if (const auto *VD = dyn_cast<VarDecl>(D)) {
        std::tie(I.Ty, I.IntLit) = initDType(VD->getInit());
        if (VD->hasLocalStorage())
          I.MadeIn = dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
      } else if (const auto *F = dyn_cast<FieldDecl>(D)) {
        std::tie(I.Ty, I.IntLit) = fieldDType(F);
      }
    }
    return O;
  }

  std::pair<DT, const Expr *> initDType(const Expr *Init) {
    // A constructor that leaves the member to its default initialiser.
    if (const auto *Default = dyn_cast_or_null<CXXDefaultInitExpr>(Init))
      Init = Default->getExpr();
    if (const CXXConstructExpr *CE = findConstruct(Init))
      return ctorDType(CE);
    return {DT::Unknown, nullptr};
  }

  /// The dtype a Variable member gets from every constructor of its class
  /// defined here (its member initialiser, else the default member
  /// initialiser); Unknown when they differ or one is not visible.
  std::pair<DT, const Expr *> fieldDType(const FieldDecl *F) {
    std::pair<DT, const Expr *> InClass = initDType(F->getInClassInitializer());
    std::optional<std::pair<DT, const Expr *>> Agreed;
    unsigned Ctors = 0;
    const auto *RD = dyn_cast<CXXRecordDecl>(F->getParent());
    if (!RD)
      return InClass;
    // Braces may give any object of an aggregate another value
    // (`Agg a{Variable(3.0)}`): only the object's own declaration can tell
    // (objectFieldDType).
    if (RD->isAggregate())
      return {DT::Unknown, nullptr};
    for (const CXXConstructorDecl *C : RD->ctors()) {
      if (C->isCopyOrMoveConstructor() || C->isDeleted())
        continue;
      const auto *Def = dyn_cast_or_null<CXXConstructorDecl>(C->getDefinition());
      if (!Def)
        return {DT::Unknown, nullptr};
      std::pair<DT, const Expr *> Got = InClass;
      for (const CXXCtorInitializer *Init : Def->inits())
        if (Init->getMember() == F)
          Got = initDType(Init->getInit());
      if (Agreed && Agreed->first != Got.first)
        return {DT::Unknown, nullptr};
      Agreed = Got;
      ++Ctors;
    }
    if (!Agreed)
      return InClass;
    // A fix-it edits one literal: only when one constructor chose it.
    if (Ctors > 1)
      Agreed->second = nullptr;
    return *Agreed;
  }

  /// The dtype of `obj.f` for a Variable member f of a local aggregate
  /// `obj` declared here: what its braces give f, else f's default member
  /// initializer. nullopt for anything else.
  std::optional<std::pair<DT, const Expr *>> objectFieldDType(const Expr *Src) {
    const auto *ME = dyn_cast<MemberExpr>(stripCopies(Src));
    const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
    const auto *Base = ME ? dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts()) : nullptr;
    const auto *Obj = Base ? dyn_cast<VarDecl>(Base->getDecl()) : nullptr;
    if (!F || ME->isArrow() || !Obj || !isLocalOfFD(Obj) || Obj->getType()->isReferenceType())
      return std::nullopt;
    const auto *RD = dyn_cast<CXXRecordDecl>(F->getParent());
    if (!RD || !RD->isAggregate())
      return std::nullopt;
    const Expr *Init = Obj->getInit() ? strip(Obj->getInit()) : nullptr;
    const Expr *FieldInit = F->getInClassInitializer();
    if (const auto *ILE = dyn_cast_or_null<InitListExpr>(Init)) {
      if (F->getFieldIndex() < ILE->getNumInits() &&
          !isa<ImplicitValueInitExpr>(ILE->getInit(F->getFieldIndex())))
        FieldInit = ILE->getInit(F->getFieldIndex());
    } else if (Init && !isa<CXXConstructExpr>(Init)) {
      return std::nullopt; // a copy of another object
    } else if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Init);
               CE && CE->getNumArgs() != 0) {
      return std::nullopt;
    }
    std::pair<DT, const Expr *> Got = initDType(FieldInit);
    if (Got.first == DT::Unknown)
      return std::nullopt;
    return Got;
  }

  /// A Variable made by an expression, not declared (an element of a braced
  /// list of parameters): one origin per constructor expression.
  OriginId temporaryVariableOrigin(const CXXConstructExpr *CE) {
    bool Fresh;
    OriginId O = TU.Origins.get(OK::Variable, CE, nullptr, 0, Fresh);
    if (Fresh) {
      OriginInfo &I = info(O);
      I.Name = exprText(CE, Ctx);
      I.Loc = CE->getBeginLoc();
      I.MadeIn = FD;
      std::tie(I.Ty, I.IntLit) = ctorDType(CE);
    }
    return O;
  }

  OriginId simpleOrigin(OK K, const void *K1, const void *K2, unsigned Idx,
                        const ValueDecl *Named) {
    bool Fresh;
    OriginId O = TU.Origins.get(K, K1, K2, Idx, Fresh);
    if (Fresh && Named) {
      info(O).Name = Named->getNameAsString();
      info(O).Loc = Named->getLocation();
      if (K == OK::Param || K == OK::Free)
        info(O).RawData = isRawDataType(Named->getType());
    }
    if (Fresh && K == OK::ViewMem)
      info(O).RawData = true;
    return O;
  }

  /// Numbers, and pointers, arrays, references and standard sequences of
  /// numbers: data no tensor can be another name for.
  static bool isRawDataType(QualType T, int Depth = 0) {
    if (T.isNull() || Depth > 6)
      return false;
    T = T.getNonReferenceType().getCanonicalType();
    if (T->isArithmeticType())
      return true;
    if (T->isPointerType())
      return isRawDataType(T->getPointeeType(), Depth + 1);
    if (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
      return isRawDataType(AT->getElementType(), Depth + 1);
    const auto *Spec =
        dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
    if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier())
      return false;
    llvm::StringRef N = Spec->getName();
    if (N != "vector" && N != "array" && N != "span" && N != "initializer_list" &&
        N != "valarray" && N != "deque")
      return false;
    const auto &Args = Spec->getTemplateArgs();
    return Args.size() >= 1 && Args[0].getKind() == TemplateArgument::Type &&
           isRawDataType(Args[0].getAsType(), Depth + 1);
  }

  OriginId anyOrigin() {
    bool Fresh;
    return TU.Origins.get(OK::Any, nullptr, nullptr, 0, Fresh);
  }

  static Value identity(OriginId O, DT Ty = DT::Unknown) {
    Value V;
    addPath(V, O, Path());
    V.Ty = Ty;
    return V;
  }

  Value havocValue() {
    Value V;
    Path P;
    P.Flags = PF_Unknown | PF_HasOps;
    P.Recorded = 0;
    addPath(V, anyOrigin(), P);
    return V;
  }

  static bool hasOps(const Value &V) {
    for (const Dep &D : V.Deps)
      for (const Path &P : D.Paths)
        if (P.Flags & (PF_HasOps | PF_Unknown))
          return true;
    return false;
  }

  bool isParamOfFD(const ValueDecl *D) const {
    const auto *P = dyn_cast<ParmVarDecl>(D);
    return P && P->getDeclContext() == FD;
  }
  bool isLocalOfFD(const ValueDecl *D) const {
    const auto *VD = dyn_cast<VarDecl>(D);
    return VD && !isa<ParmVarDecl>(VD) && VD->hasLocalStorage() &&
           VD->getParentFunctionOrMethod() == FD;
  }

  /// Value of a declaration read at the current point.
  Value evalDecl(const ValueDecl *D0) {
    // `auto [a, b] = f();`: a name for a part of the hidden variable, until
    // something is assigned to it.
    if (const auto *BD = dyn_cast_or_null<BindingDecl>(D0)) {
      auto It = Cur.Env.find(BD);
      return It != Cur.Env.end() ? It->second : eval(BD->getBinding());
    }
    const ValueDecl *D = resolveAlias(D0);
    if (!D)
      return {};
    auto It = Cur.Env.find(D);
    if (It != Cur.Env.end())
      return It->second;
    QualType T = D->getType();
    if (typeKind(T) == TK::Variable && !T->isPointerType()) {
      if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
        if (P->getDeclContext() == FD)
          return identity(simpleOrigin(OK::Param, FD, nullptr,
                                       P->getFunctionScopeIndex(), P));
        return identity(simpleOrigin(OK::Free, D, nullptr, 0, D));
      }
      OriginId O = variableOrigin(D);
      return identity(O, info(O).Ty);
    }
    if (isa<FunctionDecl>(D) || isa<EnumConstantDecl>(D))
      return {};
    if (const auto *P = dyn_cast<ParmVarDecl>(D))
      if (P->getDeclContext() == FD)
        return identity(simpleOrigin(OK::Param, FD, nullptr,
                                     P->getFunctionScopeIndex(), P));
    if (isLocalOfFD(D))
      return {};
    if (const auto *VD = dyn_cast<VarDecl>(D); VD && isConstGlobalTensor(VD)) {
      // Made before any tape could record and never changed: a root
      // constant to every tape, as a local one is.
      OriginId O = simpleOrigin(OK::Site, VD, VD, 0, VD);
      info(O).Root = true;
      return identity(O);
    }
    if (isa<VarDecl>(D) || isa<FieldDecl>(D))
      return identity(simpleOrigin(OK::Free, D, nullptr, 0, D));
    return {};
  }

  /// `const tape::Tensor kScale(2.0);` at namespace scope (or a static data
  /// member): a tensor nothing can assign.
  static bool isConstGlobalTensor(const VarDecl *VD) {
    const QualType T = VD->getType();
    return VD->hasGlobalStorage() && !VD->isStaticLocal() && !T->isReferenceType() &&
           T.isConstQualified() && typeKind(T) == TK::Tensor;
  }

  // ---- buffers ------------------------------------------------------------
  /// The variable whose memory an lvalue / pointer expression designates.
  const ValueDecl *baseOf(const Expr *E, int Depth = 0) {
    if (!E || Depth > 12)
      return nullptr;
    E = E->IgnoreParenCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      return baseOf(M->getSubExpr(), Depth + 1);
    if (const auto *FE = dyn_cast<FullExpr>(E))
      return baseOf(FE->getSubExpr(), Depth + 1);
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      return baseOf(AS->getBase(), Depth + 1);
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf ||
          UO->isIncrementDecrementOp())
        return baseOf(UO->getSubExpr(), Depth + 1);
      return nullptr;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->isAdditiveOp()) {
        if (BO->getLHS()->getType()->isPointerType())
          return baseOf(BO->getLHS(), Depth + 1);
        if (BO->getRHS()->getType()->isPointerType())
          return baseOf(BO->getRHS(), Depth + 1);
      }
      return nullptr;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      auto Op = OC->getOperator();
      if ((Op == OO_Subscript || Op == OO_Star || Op == OO_Arrow || Op == OO_PlusPlus ||
           Op == OO_MinusMinus || Op == OO_Plus || Op == OO_Minus) &&
          OC->getNumArgs() >= 1)
        return baseOf(OC->getArg(0), Depth + 1);
      return nullptr;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (MD && MD->getIdentifier() && isStdLike(MD, SM)) {
        llvm::StringRef N = MD->getName();
        if (N == "data" || N == "begin" || N == "end" || N == "at" || N == "front" ||
            N == "back" || N == "cbegin" || N == "cend" || N == "rbegin" || N == "rend")
          return baseOf(MC->getImplicitObjectArgument(), Depth + 1);
      }
      return nullptr;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *F = CE->getDirectCallee();
      if (F && F->getIdentifier() && isStdLike(F, SM) && CE->getNumArgs() >= 1) {
        llvm::StringRef N = F->getName();
        if (N == "begin" || N == "end" || N == "data" || N == "next" || N == "prev" ||
            N == "addressof")
          return baseOf(CE->getArg(0), Depth + 1);
      }
      return nullptr;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        return dyn_cast<FieldDecl>(ME->getMemberDecl());
      return baseOf(ME->getBase(), Depth + 1);
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const ValueDecl *D = resolveAlias(DRE->getDecl());
      if (!D || !isa<VarDecl>(D))
        return D && isa<FieldDecl>(D) ? D : nullptr;
      auto It = Cur.Env.find(D);
      if (It != Cur.Env.end() && It->second.PointsTo && It->second.PointsTo != D)
        return It->second.PointsTo;
      return D;
    }
    return nullptr;
  }

  bool isNonLocalTarget(const ValueDecl *D) const {
    if (!D)
      return false;
    if (isa<FieldDecl>(D))
      return true;
    if (const auto *P = dyn_cast<ParmVarDecl>(D))
      return P->getDeclContext() != FD || P->getType()->isReferenceType() ||
             P->getType()->isPointerType();
    return !isLocalOfFD(D);
  }

  /// A write of V into the memory of B (element store, fill, copy...).
  void weakWrite(const ValueDecl *B, const Value &V, SourceLocation Loc) {
    if (!B)
      return;
    Value Old = evalDecl(B);
    Value N = Old;
    for (const Dep &D : V.Deps)
      for (const Path &P : D.Paths)
        addPath(N, D.O, P);
    N.PointsTo = Old.PointsTo;
    Cur.Env[B] = std::move(N);
    Cur.Seqs.erase(B);
    if (isNonLocalTarget(B))
      Sum.WritesFree.insert(B);
    dirtyViews(B, Loc);
  }

  /// Memory B changed: recorded operations that read a view over it now
  /// hold stale values (the gradient would be computed from changed data).
  void dirtyViews(const ValueDecl *B, SourceLocation Loc) {
    std::optional<OriginId> VM = TU.Origins.lookup(OK::ViewMem, B, nullptr, 0);
    if (!VM)
      return;
    auto Fix = [&](Value &V) {
      for (Dep &D : V.Deps) {
        bool Touched = false;
        for (Path &P : D.Paths) {
          auto It = std::find(P.Views.begin(), P.Views.end(), *VM);
          if (It == P.Views.end())
            continue;
          P.Views.erase(It);
          if (!(P.Flags & PF_Raw)) {
            P.Flags |= PF_Raw;
            P.RawLoc = Loc;
            P.RawViewWrite = true;
            P.RawName = "";
          }
          Touched = true;
        }
        if (Touched)
          dropDuplicatePaths(D);
      }
    };
    forEachLiveValue(Fix);
  }

  /// Paths edited in place may now share a key: keep one of each.
  static void dropDuplicatePaths(Dep &D) {
    llvm::SmallVector<Path, 1> Old = std::move(D.Paths);
    D.Paths.clear();
    for (const Path &P : Old)
      if (llvm::none_of(D.Paths, [&](const Path &Q) { return Q.sameKey(P); }))
        D.Paths.push_back(P);
  }

  /// Every value a variable or a list element holds now.
  void forEachLiveValue(llvm::function_ref<void(Value &)> Fn) {
    for (auto &KV : Cur.Env)
      Fn(KV.second);
    for (auto &KV : Cur.Seqs)
      for (Value &V : KV.second)
        Fn(V);
  }

  /// Tape Id starts a new recording: what earlier recordings of it exported
  /// is now a constant of another recording (a tape per loop iteration).
  void forgetExportsOf(int Id) {
    forEachLiveValue([&](Value &V) {
      for (Dep &D : V.Deps) {
        bool Touched = false;
        for (Path &P : D.Paths)
          if ((P.Flags & PF_Raw) && P.RawOn != AllTapes && (P.RawOn & bit(Id))) {
            P.RawOn &= ~bit(Id);
            Touched = true;
          }
        if (Touched)
          dropDuplicatePaths(D);
      }
    });
  }

  // ---- operations -----------------------------------------------------------
  TapeSet watchedAt(OriginId O, TapeSet Rec) {
    TapeSet W = 0;
    auto It = Cur.Watched.find(O);
    if (It != Cur.Watched.end())
      W = It->second;
    if (info(O).Kind == OK::Variable)
      W |= Rec & autoWatchTapes();
    return W;
  }

  void extendForOp(Path &Q, OriginId O, SourceLocation Loc, TapeSet Rec, TapeSet Paused) {
    if (!(Q.Flags & PF_HasOps)) {
      Q.Flags |= PF_HasOps;
      Q.FirstOpLoc = Loc;
      OK K = info(O).Kind;
      Q.FirstRec = Rec;
      if (K == OK::Param || K == OK::Free) {
        Q.Flags |= PF_WatchPending;
      } else {
        Q.WatchedFirst = watchedAt(O, Rec);
      }
    }
    if (Q.Recorded & ~Rec)
      Q.Drops.push_back({Loc, Rec});
    Q.Recorded &= Rec;
    Q.Paused |= Paused;
  }

  struct OpKind {
    bool NonDiff = false;
    bool Cut = false;
    bool Multiplicative = true;
    llvm::StringRef Name;
  };

  Value applyOp(const Expr *E, llvm::ArrayRef<Value> Operands, const OpKind &K, DT Ty) {
    SourceLocation Loc = E->getBeginLoc();
    TapeSet Rec = recNow(), Paused = pausedNow();
    std::vector<llvm::SmallVector<OriginId, 1>> ViewMems(Operands.size());
    for (size_t J = 0; J < Operands.size(); ++J)
      for (const Dep &D : Operands[J].Deps)
        if (info(D.O).Kind == OK::ViewMem)
          for (const Path &P : D.Paths)
            if (P.isIdentity())
              ViewMems[J].push_back(D.O);
    Value R;
    for (size_t I = 0; I < Operands.size(); ++I) {
      for (const Dep &D : Operands[I].Deps)
        for (const Path &P : D.Paths) {
          Path Q = P;
          extendForOp(Q, D.O, Loc, Rec, Paused);
          if (K.NonDiff && !(Q.Flags & PF_NonDiff)) {
            Q.Flags |= PF_NonDiff;
            Q.NonDiffLoc = Loc;
            Q.NonDiffName = K.Name;
          }
          if (K.Cut)
            Q.Flags |= PF_Cut;
          if (K.Multiplicative)
            for (size_t J = 0; J < Operands.size(); ++J)
              if (J != I)
                for (OriginId VM : ViewMems[J])
                  if (VM != D.O && std::find(Q.Views.begin(), Q.Views.end(), VM) ==
                                       Q.Views.end()) {
                    Q.Views.push_back(VM);
                    std::sort(Q.Views.begin(), Q.Views.end());
                  }
          addPath(R, D.O, Q);
        }
    }
    R.Ty = Ty;
    return R;
  }

  // ---- expression evaluation ------------------------------------------------
  Value eval(const Expr *E) {
    if (!E)
      return {};
    auto It = ExprVals.find(E);
    if (It != ExprVals.end())
      return It->second;
    return compute(E, false);
  }

  void element(const Expr *E) {
    Value V = compute(E, true);
    ExprVals[E] = std::move(V);
  }

  Value compute(const Expr *E, bool Effects) {
    if (const auto *PE = dyn_cast<ParenExpr>(E))
      return eval(PE->getSubExpr());
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      Value V = eval(IC->getSubExpr());
      if (IC->getCastKind() == CK_ArrayToPointerDecay)
        V.PointsTo = baseOf(IC->getSubExpr());
      return V;
    }
    if (const auto *CE = dyn_cast<ExplicitCastExpr>(E))
      return eval(CE->getSubExpr());
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      return eval(M->getSubExpr());
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      return eval(B->getSubExpr());
    if (const auto *FE = dyn_cast<FullExpr>(E))
      return eval(FE->getSubExpr());
    if (const auto *DA = dyn_cast<CXXDefaultArgExpr>(E))
      return compute(DA->getExpr(), false);
    if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(E))
      return compute(DI->getExpr(), false);
    if (const auto *IL = dyn_cast<CXXStdInitializerListExpr>(E))
      return eval(IL->getSubExpr());
    if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
      return OV->getSourceExpr() ? eval(OV->getSourceExpr()) : Value();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return evalDecl(DRE->getDecl());
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return evalMember(ME);
    if (const auto *CE = dyn_cast<CallExpr>(E))
      return evalCall(CE, Effects);
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
      return evalConstruct(CE);
    if (const auto *ILE = dyn_cast<InitListExpr>(E)) {
      const InitListExpr *S = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
      if (!S)
        S = ILE;
      std::vector<Value> Vs;
      for (const Expr *I : S->inits())
        Vs.push_back(eval(I));
      return unionOf(Vs);
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      if (const Value *Elem = knownElement(AS->getBase()->IgnoreParenImpCasts(), AS->getIdx()))
        return *Elem;
      Value V = eval(AS->getBase());
      V.PointsTo = nullptr;
      return V;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      Value V = eval(UO->getSubExpr());
      if (UO->getOpcode() == UO_AddrOf)
        V.PointsTo = baseOf(UO->getSubExpr());
      else if (UO->getOpcode() == UO_Deref)
        V.PointsTo = nullptr;
      return V;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      return evalBinary(BO, Effects);
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      Value A = eval(CO->getTrueExpr()), B = eval(CO->getFalseExpr());
      Value R = A;
      joinInto(R, B);
      return R;
    }
    if (const auto *SE = dyn_cast<SubstNonTypeTemplateParmExpr>(E))
      return eval(SE->getReplacement());
    return {};
  }

  Value evalMember(const MemberExpr *ME) {
    const ValueDecl *MD = ME->getMemberDecl();
    const auto *F = dyn_cast<FieldDecl>(MD);
    if (!F)
      return {};
    if (typeKind(F->getType()) == TK::Variable && !F->getType()->isPointerType()) {
      OriginId O = variableOrigin(F);
      return identity(O, info(O).Ty);
    }
    if (const Value *Known = knownField(ME, F))
      return *Known;
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return evalDecl(F);
    Value V = eval(ME->getBase());
    V.PointsTo = nullptr;
    return V;
  }

  Value evalBinary(const BinaryOperator *BO, bool Effects) {
    if (BO->getOpcode() == BO_Comma)
      return eval(BO->getRHS());
    if (BO->isAssignmentOp()) {
      Value R = eval(BO->getRHS());
      if (Effects)
        assignTo(BO->getLHS(), R, BO->isCompoundAssignmentOp(), BO->getExprLoc());
      return R;
    }
    Value L = eval(BO->getLHS()), R = eval(BO->getRHS());
    Value U = unionOf({L, R});
    if (BO->isAdditiveOp())
      U.PointsTo = BO->getLHS()->getType()->isPointerType()   ? L.PointsTo
                   : BO->getRHS()->getType()->isPointerType() ? R.PointsTo
                                                              : nullptr;
    return U;
  }

  /// `LHS = V` (or `LHS op= V` when Compound).
  void assignTo(const Expr *LHS, Value V, bool Compound, SourceLocation Loc) {
    const Expr *L = LHS->IgnoreParenImpCasts();
    const ValueDecl *D = nullptr;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(L))
      D = resolveAlias(DRE->getDecl());
    else if (const auto *ME = dyn_cast<MemberExpr>(L))
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        D = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (const auto *VD = dyn_cast_or_null<VarDecl>(D))
      if (auto It = ElementOf.find(VD); It != ElementOf.end())
        weakWrite(It->second, V, Loc);
    if (const auto *BD = dyn_cast_or_null<BindingDecl>(D)) {
      // The part of the hidden variable changes: read from the binding now.
      Cur.Env[BD] = std::move(V);
      if (const ValueDecl *Holder = baseOf(BD->getBinding()))
        weakWrite(Holder, Cur.Env[BD], Loc);
      return;
    }
    if (D && (isa<VarDecl>(D) || isa<FieldDecl>(D))) {
      TK K = typeKind(D->getType());
      if (K == TK::Variable || K == TK::Tape || K == TK::Scope || K == TK::Pause)
        return; // Variables keep their identity; scopes/tapes are not values
      if (Compound) {
        Value Old = evalDecl(D);
        joinInto(Old, V);
        V = std::move(Old);
      }
      if (K == TK::Tensor && !D->getType()->isPointerType())
        V = bindTensor(D, LHS, std::move(V));
      Cur.Env[D] = std::move(V);
      Cur.Seqs.erase(D);
      if (isNonLocalTarget(D))
        Sum.WritesFree.insert(D);
      dirtyViews(D, Loc);
      return;
    }
    weakWrite(baseOf(LHS), V, Loc);
  }

  /// A tensor value stored into variable D at Site: a value that is not just
  /// another name for an existing tensor becomes a new origin (a source
  /// gradient() may be asked about).
  Value bindTensor(const ValueDecl *D, const void *Site, Value V) {
    if (!V.Fresh && hasTensorIdentity(V))
      return V;
    OriginId S = simpleOrigin(OK::Site, D, Site, 0, D);
    OriginInfo &I = info(S);
    I.Ty = V.Ty;
    I.IntLit = V.IntLit;
    // Made from raw values (whatever they depend on), or by operations on
    // nothing we track: a root constant. Made by an operation: an
    // intermediate of the tapes recording it.
    bool Intermediate = !V.Fresh && hasOps(V);
    I.Root = !Intermediate;
    if (Intermediate)
      ProducedOn[S] |= recNow() & ~CallerBit;
    Value R = std::move(V);
    R.Fresh = false;
    if (R.Deps.size() > MaxDepsBeforeCollect)
      forgetDeadIntermediates(R, D, S);
    addPath(R, S, Path());
    return R;
  }

  /// Whether the local D may still be read after the statement being
  /// analysed (clang's LiveVariables, made on first use): one that cannot
  /// names no intermediate any more (`Tensor t3 = y * 1.0; y = t3;` in
  /// long generated code keeps every t_i in scope, but not alive).
  bool mayBeReadAgain(const ValueDecl *D) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!VD || !CurStmt || !isLocalOfFD(VD) || VD->getType()->isReferenceType())
      return true;
    if (!LivenessContext) {
      LivenessContext = std::make_unique<AnalysisDeclContext>(nullptr, FD);
      LivenessContext->getCFGBuildOptions().setAllAlwaysAdd();
      Liveness = LiveVariables::computeLiveness(*LivenessContext, /*killAtAssign=*/false);
    }
    return !Liveness || Liveness->isLive(CurStmt, VD); // no answers: may be
  }

  /// Above this many origins, a value being stored sheds the intermediates
  /// nothing can name any more (forgetDeadIntermediates()).
  static constexpr unsigned MaxDepsBeforeCollect = 8;

  /// R is about to be stored into D (replacing D's value). An intermediate
  /// (a Site made by operations) can only be asked about -- as a gradient()
  /// source, through watch() -- while some value still names it (holds an
  /// identity path to it). Drop from R the intermediates that no variable
  /// other than D, no sequence element and no watch names any more: the
  /// paths they stand for are already summarised in R's dependencies on the
  /// leaves they were computed from. Without this a chain `y = y * x;`
  /// repeated n times keeps all n intermediates in y (quadratic memory).
  void forgetDeadIntermediates(Value &R, const ValueDecl *D, OriginId Keep) {
    llvm::SmallVector<OriginId, 16> Cand;
    for (const Dep &Dp : R.Deps) {
      if (Dp.O == Keep)
        continue;
      const OriginInfo &I = info(Dp.O);
      if (I.Kind == OK::Site && !I.Root)
        Cand.push_back(Dp.O);
    }
    if (Cand.empty())
      return;
    llvm::DenseSet<OriginId> CandSet(Cand.begin(), Cand.end());
    llvm::DenseSet<OriginId> Live;
    auto Scan = [&](const Value &V) {
      for (const Dep &Dp : V.Deps)
        if (CandSet.count(Dp.O))
          for (const Path &P : Dp.Paths)
            if (P.isIdentity()) {
              Live.insert(Dp.O);
              break;
            }
    };
    for (const auto &KV : Cur.Env)
      if (KV.first != D && mayBeReadAgain(KV.first))
        Scan(KV.second);
    for (const auto &KV : Cur.Seqs)
      for (const Value &V : KV.second)
        Scan(V);
    for (const auto &KV : Cur.Watched)
      Live.insert(KV.first);
    llvm::erase_if(R.Deps, [&](const Dep &Dp) {
      return CandSet.count(Dp.O) && !Live.count(Dp.O);
    });
  }

  /// V is (on some path) another name for a tensor: a Variable, a tensor
  /// constant or intermediate, a tensor parameter or capture. Identities of
  /// plain data (a `double` parameter, view memory) do not count.
  bool hasTensorIdentity(const Value &V) {
    for (const Dep &D : V.Deps) {
      if (info(D.O).RawData)
        continue;
      for (const Path &P : D.Paths)
        if (P.isIdentity())
          return true;
    }
    return false;
  }

  Value evalConstruct(const CXXConstructExpr *CE) {
    const CXXConstructorDecl *C = CE->getConstructor();
    if (!C)
      return {};
    const CXXRecordDecl *RD = C->getParent();
    TK K = recordKind(RD);
    std::vector<Value> Args;
    for (const Expr *A : CE->arguments())
      Args.push_back(eval(A));
    if (K == TK::Tensor) {
      if (C->isCopyOrMoveConstructor() && !Args.empty())
        return Args[0];
      Value V = unionOf(Args);
      auto [Ty, Lit] = ctorDType(CE);
      if (Ty == DT::Unknown && Args.size() == 1 && C->getNumParams() >= 1 &&
          typeKind(C->getParamDecl(0)->getType()) != TK::None)
        Ty = Args[0].Ty;
      V.Ty = Ty;
      V.IntLit = Lit;
      // From numbers, a list, a vector, an array: a new constant.
      V.Fresh = C->getNumParams() >= 1 && CE->getNumArgs() >= 1 &&
                typeKind(C->getParamDecl(0)->getType()) == TK::None;
      return V;
    }
    if (K == TK::Variable) {
      // A copy is another handle of the same variable (a std::vector of
      // them, say); any other constructor makes a new one.
      if (C->isCopyOrMoveConstructor() && !Args.empty())
        return Args[0];
      OriginId O = temporaryVariableOrigin(CE);
      return identity(O, info(O).Ty);
    }
    if (K != TK::None)
      return {};
    if (isStdLike(C, SM) || C->isTrivial() || C->isDefaulted() || C->isImplicit() ||
        (RD && RD->isLambda())) {
      Value V = unionOf(Args);
      if (C->isCopyOrMoveConstructor() && !Args.empty())
        V.PointsTo = Args[0].PointsTo;
      return V;
    }
    // A user constructor with a body: we do not follow what it does.
    return withFlag(unionOf(Args), PF_Unknown);
  }

  // ---- calls -------------------------------------------------------------------
  Value evalCall(const CallExpr *CE, bool Effects) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    const Expr *Obj = nullptr;
    llvm::SmallVector<const Expr *, 4> Args;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
      Obj = MC->getImplicitObjectArgument();
      for (const Expr *A : MC->arguments())
        Args.push_back(A);
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
               OC && Callee && isa<CXXMethodDecl>(Callee) &&
               !cast<CXXMethodDecl>(Callee)->isStatic() && OC->getNumArgs() >= 1) {
      Obj = OC->getArg(0);
      for (unsigned I = 1; I < OC->getNumArgs(); ++I)
        Args.push_back(OC->getArg(I));
    } else {
      for (const Expr *A : CE->arguments())
        Args.push_back(A);
    }
    if (!Callee)
      return unknownCall(CE, Obj, Args, nullptr, Effects);

    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    TK Owner = MD ? recordKind(MD->getParent()) : TK::None;
    if (Owner != TK::None || isDirectlyInTape(Callee))
      return tapeCall(CE, Callee, Owner, Obj, Args, Effects);
    if (isStdLike(Callee, SM))
      return libraryCall(CE, Callee, Obj, Args, Effects);
    if (isInsideTapeNamespace(Callee))
      return withFlag(unionOfExprs(Obj, Args), PF_Unknown);
    const FunctionDecl *Def = nullptr;
    bool Overridable = false;
    if (const auto *M = dyn_cast<CXXMethodDecl>(Callee))
      Overridable = M->isVirtual() && !M->hasAttr<FinalAttr>() &&
                    !(M->getParent() && M->getParent()->hasAttr<FinalAttr>());
    if (!Overridable && Callee->hasBody(Def) && Def && !Def->isDependentContext()) {
      FnEntry *Entry = analyzeInto(TU, Def);
      if (Entry && Entry->Done && Entry->Sum.Valid)
        return instantiate(CE, Def, Entry->Sum, Obj, Args, Effects);
    }
    return unknownCall(CE, Obj, Args, Callee, Effects);
  }

  Value unionOfExprs(const Expr *Obj, llvm::ArrayRef<const Expr *> Args) {
    std::vector<Value> Vs;
    if (Obj)
      Vs.push_back(eval(Obj));
    for (const Expr *A : Args)
      Vs.push_back(eval(A));
    return unionOf(Vs);
  }

  Value unknownCall(const CallExpr *CE, const Expr *Obj, llvm::ArrayRef<const Expr *> Args,
                    const FunctionDecl *Callee, bool Effects) {
    Value R = withFlag(unionOfExprs(Obj, Args), PF_Unknown);
    if (!Effects)
      return R;
    auto Touch = [&](const Expr *A, QualType PT) {
      if (!A)
        return;
      bool Mutable = false;
      if (PT.isNull())
        Mutable = true; // variadic / unknown: assume the worst
      else if (PT->isReferenceType())
        Mutable = !PT->getPointeeType().isConstQualified();
      else if (PT->isPointerType())
        Mutable = !PT->getPointeeType().isConstQualified();
      if (!Mutable)
        return;
      if (tapecheck::tapeTypeForm(A->getType()) != tapecheck::TapeTypeForm::None) {
        // A tape (or a pointer to one) handed to code we cannot see: it may
        // watch, take gradients, release.
        int T = tapeOf(A);
        if (T >= 0) {
          Cur.WatchUnknown |= bit(T);
          Cur.Tapes[T].GradUsed = true;
          Cur.Tapes[T].Released = true;
          noteTapeEffect(T, TE_Gradient | TE_Release | TE_Watch);
        } else if (T == UnknownTape) {
          unknownTapeEffect(TE_Gradient | TE_Release | TE_Watch);
        }
        return;
      }
      const ValueDecl *B = baseOf(A);
      if (B && typeKind(B->getType()) != TK::Variable) {
        Cur.Env[B] = havocValue();
        Cur.Seqs.erase(B);
        if (isNonLocalTarget(B))
          Sum.WritesFree.insert(B);
      }
    };
    for (size_t I = 0; I < Args.size(); ++I) {
      QualType PT;
      if (Callee && I < Callee->getNumParams())
        PT = Callee->getParamDecl(I)->getType();
      Touch(Args[I], PT);
    }
    if (Obj) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
      if (!MD || !MD->isConst()) {
        if (typeKind(Obj->getType()) == TK::Tape)
          Touch(Obj, QualType());
        else if (const ValueDecl *B = baseOf(Obj);
                 B && !isa<FieldDecl>(B) && typeKind(B->getType()) != TK::Variable &&
                 !(B->getType()->getAsCXXRecordDecl() &&
                   B->getType()->getAsCXXRecordDecl()->isLambda())) {
          Cur.Env[B] = havocValue();
          Cur.Seqs.erase(B);
          if (isNonLocalTarget(B))
            Sum.WritesFree.insert(B);
        }
      }
    }
    (void)CE;
    return R;
  }

  /// What a caller needs to know of watch(V) on tape T: which of its
  /// arguments got watched.
  void summariseWatch(int T, const Value &V) {
    if (T < 0 || Tapes[T].Local)
      return;
    bool OnlyParams = !V.Deps.empty();
    for (const Dep &D : V.Deps) {
      const OriginInfo &I = info(D.O);
      if (I.Kind == OK::Param && I.K1 == FD)
        Sum.ParamWatches.push_back({Tapes[T].D, I.Idx});
      else
        OnlyParams = false;
    }
    if (!OnlyParams)
      Sum.OtherWatches.insert(Tapes[T].D);
  }

  /// A helper's watch() calls on the tape the caller knows as T: its
  /// arguments are watched there, as by a watch() of the caller's own.
  void applyWatches(const Summary &S, const ValueDecl *Tape, int T,
                    llvm::ArrayRef<const Expr *> Args) {
    if (S.OtherWatches.count(Tape)) {
      Cur.WatchUnknown |= bit(T);
      return;
    }
    for (const auto &[WatchedOn, Idx] : S.ParamWatches) {
      if (WatchedOn != Tape || Idx >= Args.size())
        continue;
      // The helper may watch a part of the argument (in.a, xs[i]): every
      // element the caller knows of it counts as watched.
      bool Any = watchNamed(eval(Args[Idx]), bit(T));
      if (const auto *DRE = dyn_cast<DeclRefExpr>(stripCopies(Args[Idx])))
        if (auto It = Cur.Seqs.find(resolveAlias(DRE->getDecl())); It != Cur.Seqs.end())
          for (const Value &Element : It->second)
            Any |= watchNamed(Element, bit(T));
      if (!Any) // nothing the caller can name: what got watched is unknown
        Cur.WatchUnknown |= bit(T);
    }
  }

  /// watch(s) of a tape::Scalar, whose copies are values: it makes s itself
  /// a source of that tape alone (a Scalar belongs to one tape). Watching
  /// the variable that holds its own constant (or a reference to one, an
  /// element, a reference parameter) watches that constant; watching a copy
  /// (`Scalar alias = x;`, a by-value loop variable or parameter) leaves the
  /// original unwatched and makes the copy a new watched constant.
  void watchScalar(const Expr *Arg, const Value &V, TapeSet On, int T) {
    const ValueDecl *B = baseOf(Arg);
    const bool Copy = B && !B->getType()->isReferenceType() && isa<VarDecl>(B) &&
                      typeKind(B->getType()) == TK::Tensor &&
                      llvm::any_of(V.Deps, [&](const Dep &D) { return !ownedBy(D.O, B); });
    if (!Copy) {
      for (const Dep &D : V.Deps)
        for (const Path &P : D.Paths)
          if (P.isIdentity())
            Cur.Watched[D.O] = On;
      summariseWatch(T, V);
      return;
    }
    OriginId S = simpleOrigin(OK::Site, B, Arg, 0, B);
    info(S).Ty = DT::F64;
    info(S).Root = true;
    Cur.Watched[S] = On;
    Value R;
    addPath(R, S, Path());
    Cur.Env[B] = std::move(R);
  }

  /// O is the constant that B itself was made with (or a parameter B).
  bool ownedBy(OriginId O, const ValueDecl *B) {
    const OriginInfo &I = info(O);
    return I.Kind == OK::Site && I.K1 == B;
  }

  /// watch() on the tapes On of what V is another name for (a path with no
  /// operation); false when V names nothing.
  bool watchNamed(const Value &V, TapeSet On) {
    bool Any = false;
    for (const Dep &D : V.Deps)
      for (const Path &P : D.Paths)
        if (P.isIdentity()) {
          Cur.Watched[D.O] |= On;
          Any = true;
        }
    return Any;
  }

  void noteTapeEffect(int T, unsigned char E) {
    if (T == UnknownTape)
      Sum.UnknownTapeEffects |= E;
    if (T < 0 || Tapes[T].Local)
      return;
    for (auto &P : Sum.TapeEffects)
      if (P.first == Tapes[T].D) {
        P.second |= E;
        return;
      }
    Sum.TapeEffects.push_back({Tapes[T].D, E});
  }

  static bool isNondiffName(llvm::StringRef N) {
    return N == "argmax" || N == "round" || N == "floor" || N == "sign" ||
           N == "greater" || N == "less";
  }

  DT dtypeArg(const Expr *E) {
    if (!E)
      return DT::Unknown;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
        return llvm::StringSwitch<DT>(EC->getName())
            .Case("i64", DT::I64)
            .Case("f64", DT::F64)
            .Case("f32", DT::F32)
            .Default(DT::Unknown);
    return DT::Unknown;
  }

  /// What a gradient() call returns. The runtime records it as an operation
  /// on its target and sources when another tape knows the target or a
  /// source. Here only a target that another tape recorded (a second
  /// derivative) counts, as an operation under the tapes recording now;
  /// otherwise what the result depends on is left unknown, and silent.
  Value gradientValue(const CallExpr *CE, int T, llvm::ArrayRef<const Expr *> Args) {
    if (T < 0 || Args.empty())
      return withFlag(unionOfExprs(nullptr, Args), PF_Unknown);
    const TapeSet Others = ((1u << Cur.Tapes.size()) - 1) & ~(1u << T);
    Value Target = eval(Args[0]);
    bool KnownElsewhere = false;
    for (const Dep &D : Target.Deps)
      for (const Path &P : D.Paths)
        KnownElsewhere |= (P.Flags & PF_HasOps) && !(P.Flags & PF_Unknown) &&
                          P.Recorded != AllTapes && (P.Recorded & Others);
    if (!KnownElsewhere)
      return withFlag(unionOfExprs(nullptr, Args), PF_Unknown);
    std::vector<Value> Operands;
    for (const Expr *A : Args)
      Operands.push_back(eval(A));
    return applyOp(CE, Operands, OpKind{.Name = "gradient()"}, Target.Ty);
  }

  Value tapeCall(const CallExpr *CE, const FunctionDecl *Callee, TK Owner, const Expr *Obj,
                 llvm::ArrayRef<const Expr *> Args, bool Effects) {
    llvm::StringRef Name = Callee->getIdentifier() ? Callee->getName() : "";
    SourceLocation Loc = CE->getBeginLoc();
    if (Owner == TK::Tape) {
      int T = Obj ? tapeOf(Obj) : -1;
      if (Name == "watch") {
        if (Effects && (T >= 0 || T == UnknownTape) && !Args.empty()) {
          // A tape we cannot name may be any tape: watched on all of them.
          const TapeSet On = T >= 0 ? bit(T) : AllTapes;
          Value V = eval(Args[0]);
          if (isScalarType(Args[0]->getType())) {
            watchScalar(Args[0], V, On, T);
          } else {
            watchNamed(V, On);
            summariseWatch(T, V);
          }
          noteTapeEffect(T, TE_Watch);
        }
        return {};
      }
      if (Name == "gradient") {
        if (Effects) {
          if (T == UnknownTape)
            unknownTapeEffect(TE_Gradient);
          else
            handleGradient(CE, T, Args);
        }
        return gradientValue(CE, T, Args);
      }
      if (Name == "record" || Name == "stop_recording") {
        // Bound to a scope variable: handled at its declaration. A
        // statement that discards it (`(void)tape.record();`) ends it at
        // its semicolon: nothing. Anything else (std::optional::emplace, a
        // member, an argument): unknown.
        if (Effects && !BoundScopeCalls.count(CE) && !discardedStatement(CE)) {
          if (T >= 0) {
            (Name == "record" ? Cur.Tapes[T].Depth : Cur.Tapes[T].Pause) = -1;
          } else if (T == UnknownTape) {
            if (Name == "record")
              Cur.UnknownDepth = -1;
            else
              for (TapeSt &TS : Cur.Tapes)
                TS.Pause = -1;
          }
        }
        return {};
      }
      if (Name == "release") {
        if (Effects && T >= 0) {
          Cur.Tapes[T].Released = true;
          noteTapeEffect(T, TE_Release);
        } else if (Effects && T == UnknownTape) {
          unknownTapeEffect(TE_Release);
        }
        return {};
      }
      return {};
    }
    if (Owner == TK::Tensor) {
      if (Name == "item" || Name == "to_vector" || Name == "data" ||
          (Name == "value" && isScalarMember(Callee))) {
        Value V = withFlag(eval(Obj), PF_Raw, Loc, Name);
        V.Ty = DT::Unknown;
        V.PointsTo = nullptr;
        return V;
      }
      if (Name == "shape" || Name == "size" || Name == "dtype" || Name == "defined")
        return {};
      if (Name == "from_raw" && !Args.empty()) {
        Value V = eval(Args[0]);
        V.PointsTo = nullptr;
        V.Ty = DT::F64;
        V.Fresh = true;
        return V;
      }
      if (Name == "view" && !Args.empty()) {
        Value V = eval(Args[0]);
        V.PointsTo = nullptr;
        if (const ValueDecl *B = baseOf(Args[0])) {
          OriginId VM = simpleOrigin(OK::ViewMem, B, nullptr, 0, B);
          addPath(V, VM, Path());
        }
        V.Ty = DT::F64;
        V.Fresh = true;
        return V;
      }
    }
    if (Owner == TK::Variable) {
      if (Name == "assign" || Name == "assign_sub")
        return {};
      if (Name == "value") {
        Value V = withFlag(eval(Obj), PF_Cut);
        return V;
      }
      if (isa<CXXConversionDecl>(Callee))
        return eval(Obj);
      if (Name == "item" || Name == "to_vector" || Name == "data") {
        Value V = withFlag(eval(Obj), PF_Raw, Loc, Name);
        V.Ty = DT::Unknown;
        return V;
      }
      if (Name == "shape" || Name == "size" || Name == "dtype" || Name == "defined")
        return {};
    }
    if (Owner == TK::Tensor && isa<CXXConversionDecl>(Callee))
      return eval(Obj);

    // Copy / move assignment of a tape value.
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
        OC && OC->getOperator() == OO_Equal && Obj && !Args.empty()) {
      Value V = eval(Args[0]);
      if (Effects)
        assignTo(Obj, V, false, Loc);
      return V;
    }
    // Free functions and operators of namespace tape, and member operators.
    QualType RT = Callee->getReturnType();
    if (RT->isReferenceType() && !(isa<CXXOperatorCallExpr>(CE) &&
                                   cast<CXXOperatorCallExpr>(CE)->isAssignmentOp()))
      return unionOfExprs(Obj, Args);
    if (typeKind(RT) != TK::Tensor) {
      Value V = unionOfExprs(Obj, Args);
      return V;
    }
    std::vector<Value> Ops;
    DT Ty = DT::Unknown;
    bool First = true;
    auto AddOperand = [&](const Expr *A) {
      Value V = eval(A);
      TK AK = typeKind(A->getType());
      if (AK == TK::Tensor || AK == TK::Variable) {
        Ty = First ? V.Ty : joinTy(Ty, V.Ty);
        First = false;
      }
      Ops.push_back(std::move(V));
    };
    if (Obj)
      AddOperand(Obj);
    const bool Operator = isa<CXXOperatorCallExpr>(CE);
    for (const Expr *A : Args) {
      // The dtype argument of cast(), the shape of reshape and the rows of
      // slice are not data: a value that picks rows or a shape (an argmax
      // read out with item()) carries no gradient the tape could lose.
      TK AK = typeKind(A->getType());
      QualType AT = A->getType().getNonReferenceType().getCanonicalType();
      if (AK == TK::None &&
          (AT->isEnumeralType() || (!Operator && (AT->isIntegralType(Ctx) || isShapeType(AT)))))
        continue;
      AddOperand(A);
    }
    OpKind K;
    K.Name = Name;
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
      auto Op = OC->getOperator();
      K.Multiplicative = !(Op == OO_Plus || Op == OO_Minus || Op == OO_PlusEqual ||
                           Op == OO_MinusEqual);
      K.Name = getOperatorSpelling(Op);
    }
    if (Name == "stop_gradient")
      K.Cut = true;
    if (isNondiffName(Name))
      K.NonDiff = true;
    if (Name == "argmax")
      Ty = DT::I64;
    if (Name == "greater" || Name == "less")
      Ty = DT::Unknown;
    if (Name == "cast") {
      DT To = DT::Unknown;
      for (const Expr *A : Args)
        if (A->getType().getCanonicalType()->isEnumeralType())
          To = dtypeArg(A);
      if (To == DT::I64)
        K.NonDiff = true;
      else if (To == DT::Unknown)
        return withFlag(unionOf(Ops), PF_Unknown);
      Ty = To;
    }
    Value R = applyOp(CE, Ops, K, Ty);
    // Compound assignment operators update their left operand.
    if (Effects && Obj) {
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
          OC && OC->isAssignmentOp() && OC->getOperator() != OO_Equal)
        assignTo(Obj, R, false, Loc);
    }
    return R;
  }

  /// A standard algorithm (or C memory function) N writing through some of
  /// its arguments (an output iterator, or a range it changes in place):
  /// they receive what the others hold, and the call's value is the first
  /// one written. nullopt for any other function. \p Ranges: a std::ranges
  /// algorithm, whose first argument may be a whole range.
  std::optional<Value> algorithmCall(llvm::StringRef N, llvm::ArrayRef<const Expr *> AllArgs,
                                     bool Ranges, bool Effects, SourceLocation Loc) {
    // The arguments as written: no defaulted projections, no execution policy.
    llvm::SmallVector<const Expr *, 6> Args;
    for (const Expr *A : AllArgs)
      if (!isa<CXXDefaultArgExpr>(A))
        Args.push_back(A);
    if (!Args.empty() && isExecutionPolicy(Args.front()->getType()))
      Args.erase(Args.begin());
    // Positions in the iterator form, where a whole range stands for first
    // and last: Slot[i] is the argument at position i.
    llvm::SmallVector<unsigned, 8> Slot;
    for (unsigned I = 0; I < Args.size(); ++I)
      for (unsigned K = Ranges && isRange(Args[I]->getType()) ? 2 : 1; K > 0; --K)
        Slot.push_back(I);
    llvm::SmallVector<unsigned, 2> Written;
    for (unsigned Pos : writtenArguments(N, Slot.size()))
      if (Pos < Slot.size() && !llvm::is_contained(Written, Slot[Pos]))
        Written.push_back(Slot[Pos]);
    if (Written.empty())
      return std::nullopt;
    std::vector<Value> Srcs;
    for (unsigned I = 0; I < Args.size(); ++I)
      if (!llvm::is_contained(Written, I) || Written.size() > 1)
        Srcs.push_back(eval(Args[I])); // a swap writes each with the other
    Value V = unionOf(Srcs);
    V.PointsTo = nullptr;
    if (Effects)
      for (unsigned I : Written)
        weakWrite(baseOf(Args[I]), V, Loc);
    return eval(Args[Written.front()]);
  }

  /// std::execution::seq and the other execution policies.
  static bool isExecutionPolicy(QualType T) {
    const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
    if (!RD || !RD->getIdentifier() || !RD->getName().ends_with("_policy"))
      return false;
    for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
      if (const auto *NS = dyn_cast<NamespaceDecl>(DC); NS && NS->getIdentifier() &&
                                                         NS->getName() == "execution")
        return true;
    return false;
  }

  /// Declared in namespace std::ranges.
  static bool isInStdRanges(const Decl *D) {
    const auto *NS = dyn_cast<NamespaceDecl>(D->getDeclContext());
    while (NS && NS->isInline()) // std::ranges::_Cpo::swap
      NS = dyn_cast<NamespaceDecl>(NS->getParent());
    return NS && NS->getIdentifier() && NS->getName() == "ranges" &&
           NS->getParent()->isStdNamespace();
  }

  /// A whole range (an array, or a class with begin()) rather than an
  /// iterator.
  static bool isRange(QualType T) {
    T = T.getNonReferenceType();
    if (T->isArrayType())
      return true;
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return false;
    return !RD->lookup(&RD->getASTContext().Idents.get("begin")).empty();
  }

  /// Which arguments (by index, with iterators for every range) the
  /// algorithm N with \p NumArgs arguments writes through.
  static llvm::SmallVector<unsigned, 2> writtenArguments(llvm::StringRef N, size_t NumArgs) {
    // Changes [first, last) in place, or writes from first on.
    if (llvm::is_contained({"fill", "fill_n", "iota", "generate", "generate_n", "memcpy",
                            "memmove", "memset", "reverse", "sort", "stable_sort",
                            "partial_sort", "nth_element", "replace", "replace_if", "rotate",
                            "shuffle", "random_shuffle", "remove", "remove_if", "unique",
                            "partition", "stable_partition", "next_permutation",
                            "prev_permutation", "inplace_merge", "make_heap", "push_heap",
                            "pop_heap", "sort_heap", "exchange"},
                           N))
      return {0};
    if (N == "swap" || N == "iter_swap")
      return NumArgs == 2 ? llvm::SmallVector<unsigned, 2>{0, 1}
                          : llvm::SmallVector<unsigned, 2>{};
    if (N == "swap_ranges")
      return {0, 2};
    // Write from an output iterator.
    if (N == "transform") // unary (first, last, out, op); binary: with
      // first2 (std) or a whole second range (std::ranges)
      return {NumArgs == 6 ? 4u : NumArgs == 5 ? 3u : 2u};
    if (N == "rotate_copy")
      return {3};
    if (llvm::is_contained({"merge", "set_union", "set_intersection", "set_difference",
                            "set_symmetric_difference"},
                           N))
      return {4};
    if (NumArgs >= 3 &&
        llvm::is_contained({"copy", "copy_n", "copy_if", "move", "copy_backward",
                            "move_backward", "reverse_copy", "replace_copy",
                            "replace_copy_if", "remove_copy", "remove_copy_if", "unique_copy",
                            "partial_sort_copy", "partial_sum", "adjacent_difference",
                            "inclusive_scan", "exclusive_scan", "transform_inclusive_scan",
                            "transform_exclusive_scan"},
                           N))
      return {2};
    return {};
  }

  Value libraryCall(const CallExpr *CE, const FunctionDecl *Callee, const Expr *Obj,
                    llvm::ArrayRef<const Expr *> Args, bool Effects) {
    llvm::StringRef N = Callee->getIdentifier() ? Callee->getName() : "";
    SourceLocation Loc = CE->getBeginLoc();
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
      auto Op = OC->getOperator();
      if (Op == OO_Equal && Obj && !Args.empty()) {
        Value V = eval(Args[0]);
        if (Effects) {
          assignTo(Obj, V, false, Loc);
          // Keep a copied list of sources.
          if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Args[0])))
            if (const auto *L = dyn_cast<DeclRefExpr>(strip(Obj))) {
              auto It = Cur.Seqs.find(resolveAlias(DRE->getDecl()));
              if (It != Cur.Seqs.end())
                Cur.Seqs[resolveAlias(L->getDecl())] = It->second;
            }
        }
        return V;
      }
      if (Op == OO_Subscript && Obj && Args.size() == 1)
        if (const Value *Elem = knownElement(Obj, Args[0]))
          return *Elem;
      if (Op == OO_Subscript || Op == OO_Star || Op == OO_Arrow) {
        Value V = Obj ? eval(Obj) : (Args.empty() ? Value() : eval(Args[0]));
        V.PointsTo = nullptr;
        return V;
      }
      if (OC->isAssignmentOp() && Obj && !Args.empty()) {
        Value V = unionOf({eval(Obj), eval(Args[0])});
        if (Effects)
          assignTo(Obj, V, false, Loc);
        return V;
      }
      if (Op == OO_LessLess || Op == OO_GreaterGreater)
        return {}; // streams: logging does not flow anywhere we track
      if (Op == OO_Call) {
        // std::ranges::sort(buf) and the like: callable objects.
        if (const auto *Algo = dyn_cast_or_null<DeclRefExpr>(Obj ? strip(Obj) : nullptr))
          if (isInStdRanges(Algo->getDecl()) && Algo->getDecl()->getIdentifier())
            if (const std::optional<Value> R =
                    algorithmCall(Algo->getDecl()->getName(), Args, /*Ranges=*/true, Effects, Loc))
              return *R;
        return unknownCall(CE, Obj, Args, Callee, Effects); // std::function, ...
      }
    }
    if (!Obj) {
      if (N == "move" || N == "forward" || N == "as_const") {
        if (Args.size() == 1) {
          if (Effects && N != "as_const" && !BoundScopeCalls.count(CE))
            scopeMovedAway(Args[0]);
          return eval(Args[0]);
        }
        // std::move(first, last, out): an algorithm
      }
      if (const std::optional<Value> R = algorithmCall(N, Args, /*Ranges=*/false, Effects, Loc))
        return *R;
      if (N == "size" || N == "ssize" || N == "empty" || N == "distance")
        return {};
      if (N == "begin" || N == "end" || N == "data" || N == "cbegin" || N == "cend") {
        Value V = Args.empty() ? Value() : eval(Args[0]);
        V.PointsTo = Args.empty() ? nullptr : baseOf(Args[0]);
        return V;
      }
      Value V = unionOfExprs(nullptr, Args);
      V.PointsTo = nullptr;
      return V;
    }
    // Methods of library classes.
    if (N == "size" || N == "empty" || N == "capacity" || N == "length" ||
        N == "has_value" || N == "max_size" || N == "get_allocator")
      return {};
    const ValueDecl *B = baseOf(Obj);
    if (N == "push_back" || N == "emplace_back" || N == "insert" || N == "emplace" ||
        N == "assign" || N == "push_front" || N == "emplace_front" || N == "append" ||
        N == "resize") {
      Value V = unionOfExprs(nullptr, Args);
      if (Effects && B) {
        std::vector<Value> OldSeq;
        bool HadSeq = false;
        if (auto It = Cur.Seqs.find(B); It != Cur.Seqs.end()) {
          OldSeq = It->second;
          HadSeq = true;
        }
        weakWrite(B, V, Loc);
        if (HadSeq && (N == "push_back" || N == "emplace_back")) {
          OldSeq.push_back(V);
          Cur.Seqs[B] = std::move(OldSeq);
        }
      }
      return {};
    }
    if (N == "fill" || N == "swap") { // std::array::fill, a container's swap
      Value V = unionOfExprs(N == "swap" ? Obj : nullptr, Args);
      if (Effects) {
        weakWrite(B, V, Loc);
        if (N == "swap" && !Args.empty())
          weakWrite(baseOf(Args[0]), V, Loc);
      }
      return {};
    }
    if (N == "clear") {
      if (Effects && B && !isa<FieldDecl>(B)) {
        bool HadSeq = Cur.Seqs.count(B);
        Cur.Env[B] = Value();
        if (HadSeq)
          Cur.Seqs[B] = {};
        dirtyViews(B, Loc);
      }
      return {};
    }
    Value V = eval(Obj);
    bool Accessor = N == "data" || N == "begin" || N == "end" || N == "cbegin" ||
                    N == "cend" || N == "rbegin" || N == "rend" || N == "front" ||
                    N == "back" || N == "at" || N == "value" || N == "get" ||
                    N == "value_or";
    if (Accessor) {
      V.PointsTo = (N == "data" || N == "begin" || N == "end" || N == "cbegin" ||
                    N == "cend" || N == "rbegin" || N == "rend")
                       ? B
                       : nullptr;
      if (N == "value_or" && !Args.empty())
        joinInto(V, eval(Args[0]));
      return V;
    }
    Value R = unionOfExprs(Obj, Args);
    R.PointsTo = nullptr;
    return R;
  }

  // ---- summaries -----------------------------------------------------------------
  TapeSet mapSet(TapeSet S, const std::vector<int> &Map, TapeSet CallerReplacement) {
    if (S & UnknownBit)
      return AllTapes;
    TapeSet R = 0;
    if (S & CallerBit)
      R |= CallerReplacement;
    for (size_t I = 0; I < Map.size() && I < MaxTapes; ++I) {
      if (!(S & (1u << I)))
        continue;
      if (Map[I] >= 0)
        R |= 1u << Map[I];
      else if (Map[I] == UnknownTape)
        return AllTapes; // the callee's tape is one the caller cannot name
    }
    return R;
  }

  Path instPath(const Path &P, const std::vector<int> &Map, SourceLocation CallLoc) {
    Path Q = P;
    if (!(P.Flags & PF_HasOps))
      return Q;
    TapeSet Rec = recNow();
    Q.Recorded = mapSet(P.Recorded, Map, Rec);
    Q.Paused = mapSet(P.Paused, Map, pausedNow());
    Q.FirstRec = mapSet(P.FirstRec, Map, Rec);
    Q.WatchedFirst = mapSet(P.WatchedFirst, Map, Rec);
    Q.RawOn = mapSet(P.RawOn, Map, Rec);
    Q.Drops.clear();
    if (Q.Recorded != AllTapes)
      Q.Drops.push_back({CallLoc, Q.Recorded});
    return Q;
  }

  /// Composes a caller-side path A (origin O up to the argument) with an
  /// instantiated callee path B (argument up to the result).
  Path concat(const Path &A, const Path &B, OriginId O) {
    if (!(B.Flags & PF_HasOps)) {
      Path R = A;
      unsigned char Extra = B.Flags & (PF_NonDiff | PF_Raw | PF_Cut | PF_Unknown);
      if ((Extra & PF_Raw) && !(R.Flags & PF_Raw)) {
        R.RawLoc = B.RawLoc;
        R.RawName = B.RawName;
        R.RawViewWrite = B.RawViewWrite;
        R.RawOn = (A.Flags & PF_HasOps) ? A.Recorded : AllTapes;
      }
      if ((Extra & PF_NonDiff) && !(R.Flags & PF_NonDiff)) {
        R.NonDiffLoc = B.NonDiffLoc;
        R.NonDiffName = B.NonDiffName;
      }
      R.Flags |= Extra;
      return R;
    }
    if (!(A.Flags & PF_HasOps)) {
      Path R = B;
      unsigned char Extra = A.Flags & (PF_NonDiff | PF_Raw | PF_Cut | PF_Unknown);
      if ((Extra & PF_Raw) && !(R.Flags & PF_Raw)) {
        R.RawLoc = A.RawLoc;
        R.RawName = A.RawName;
        R.RawViewWrite = A.RawViewWrite;
        R.RawOn = A.RawOn;
      }
      R.Flags |= Extra;
      if (R.Flags & PF_WatchPending) {
        OK K = info(O).Kind;
        if (K != OK::Param && K != OK::Free) {
          R.Flags &= ~PF_WatchPending;
          R.WatchedFirst = watchedAt(O, R.FirstRec);
        }
      }
      for (OriginId V : A.Views)
        if (std::find(R.Views.begin(), R.Views.end(), V) == R.Views.end())
          R.Views.push_back(V);
      std::sort(R.Views.begin(), R.Views.end());
      return R;
    }
    Path R = A;
    R.Flags |= B.Flags & ~PF_WatchPending;
    R.Recorded &= B.Recorded;
    R.Paused |= B.Paused;
    for (OriginId V : B.Views)
      if (std::find(R.Views.begin(), R.Views.end(), V) == R.Views.end())
        R.Views.push_back(V);
    std::sort(R.Views.begin(), R.Views.end());
    if (!(A.Flags & PF_NonDiff) && (B.Flags & PF_NonDiff)) {
      R.NonDiffLoc = B.NonDiffLoc;
      R.NonDiffName = B.NonDiffName;
    }
    if (!(A.Flags & PF_Raw) && (B.Flags & PF_Raw)) {
      R.RawLoc = B.RawLoc;
      R.RawName = B.RawName;
      R.RawViewWrite = B.RawViewWrite;
      R.RawOn = B.RawOn & A.Recorded;
    }
    for (const Drop &D : B.Drops)
      R.Drops.push_back(D);
    return R;
  }

  Value instantiate(const CallExpr *CE, const FunctionDecl *Def, const Summary &S,
                    const Expr *Obj, llvm::ArrayRef<const Expr *> Args, bool Effects) {
    SourceLocation Loc = CE->getBeginLoc();
    // Map the callee's tapes to ours.
    std::vector<int> Map(S.Tapes.size(), -1);
    for (size_t I = 0; I < S.Tapes.size(); ++I) {
      const TapeInfo &TI = S.Tapes[I];
      if (TI.Local)
        continue;
      if (const auto *P = dyn_cast<ParmVarDecl>(TI.D)) {
        if (P->getDeclContext() == Def) {
          unsigned Idx = P->getFunctionScopeIndex();
          // A tape taken by value is a new object (moved in), none of ours.
          bool Handle = P->getType()->isReferenceType() || P->getType()->isPointerType();
          if (Idx < Args.size() && Handle)
            Map[I] = tapeOf(Args[Idx]);
          continue;
        }
      }
      if (isa<FieldDecl>(TI.D) && !(Obj && isa<CXXThisExpr>(Obj->IgnoreParenImpCasts())) &&
          !(isa<CXXMethodDecl>(FD) && Obj == nullptr)) {
        // Another object's tape: a tape member of its own is none of ours;
        // a reference member may designate any tape.
        if (TI.D->getType()->isReferenceType() || TI.D->getType()->isPointerType())
          Map[I] = UnknownTape;
        continue;
      }
      // A captured tape, alias or handle, a global, our own member.
      Map[I] = tapeOfDecl(TI.D);
    }
    Value R;
    R.Ty = S.Ret.Ty;
    R.Fresh = S.Ret.Fresh;
    for (const Dep &D : S.Ret.Deps) {
      const OriginInfo &OI = info(D.O);
      std::optional<Value> Actual;
      if (OI.Kind == OK::Param && OI.K1 == Def) {
        if (OI.Idx < Args.size())
          Actual = eval(Args[OI.Idx]);
        else
          Actual = Value();
      } else if (OI.Kind == OK::Free) {
        const auto *VD = static_cast<const ValueDecl *>(OI.K1);
        bool OtherObjectField =
            isa<FieldDecl>(VD) && Obj && !isa<CXXThisExpr>(Obj->IgnoreParenImpCasts());
        if (!OtherObjectField)
          Actual = evalDecl(VD);
      }
      // A variable the callee makes is another one at every call: which one
      // the result stands for is not known here.
      const bool MadeByCallee = OI.Kind == OK::Variable && OI.MadeIn == Def;
      for (const Path &P : D.Paths) {
        Path IP = instPath(P, Map, Loc);
        if (MadeByCallee)
          IP.Flags |= PF_Unknown;
        if (Actual) {
          for (const Dep &AD : Actual->Deps)
            for (const Path &AP : AD.Paths)
              addPath(R, AD.O, concat(AP, IP, AD.O));
        } else {
          addPath(R, D.O, IP);
        }
      }
    }
    if (!Effects)
      return R;
    for (const ValueDecl *W : S.WritesFree) {
      const ValueDecl *Target = W;
      if (const auto *P = dyn_cast<ParmVarDecl>(W)) {
        if (P->getDeclContext() != Def)
          Target = W;
        else {
          unsigned Idx = P->getFunctionScopeIndex();
          Target = Idx < Args.size() ? baseOf(Args[Idx]) : nullptr;
        }
      }
      if (Target && typeKind(Target->getType()) != TK::Variable) {
        Cur.Env[Target] = havocValue();
        Cur.Seqs.erase(Target);
        if (isNonLocalTarget(Target))
          Sum.WritesFree.insert(Target);
        // The helper refilled memory a view may alias (the next batch):
        // numbers it was handed, not some member of a struct.
        if (isRawDataType(W->getType()))
          dirtyViews(Target, Loc);
      }
    }
    if (S.UnknownTapeEffects)
      unknownTapeEffect(S.UnknownTapeEffects);
    for (const auto &E : S.TapeEffects) {
      for (size_t I = 0; I < S.Tapes.size(); ++I) {
        if (S.Tapes[I].D != E.first)
          continue;
        if (Map[I] == UnknownTape)
          unknownTapeEffect(E.second);
        if (Map[I] < 0)
          continue;
        int T = Map[I];
        if (E.second & TE_Gradient)
          Cur.Tapes[T].GradUsed = true;
        if (E.second & TE_Release)
          Cur.Tapes[T].Released = true;
        if (E.second & TE_Watch)
          applyWatches(S, E.first, T, Args);
        noteTapeEffect(T, E.second);
      }
    }
    return R;
  }

  // ---- declarations and scopes ----------------------------------------------------
  void handleVarDecl(const VarDecl *VD, const DeclStmt *DS) {
    QualType T = VD->getType();
    TK K = typeKind(T);
    const Expr *Init = VD->getInit();
    bool IsRef = T->isReferenceType();
    if (IsRef && Init) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(stripCopies(Init))) {
        if (isa<VarDecl>(DRE->getDecl()) || isa<FieldDecl>(DRE->getDecl())) {
          Alias[VD] = DRE->getDecl();
          return;
        }
      }
      if (const auto *ME = dyn_cast<MemberExpr>(stripCopies(Init))) {
        if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
            Alias[VD] = F;
            return;
          }
        if (K == TK::Variable)
          if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
            Alias[VD] = F;
            return;
          }
      }
    }
    // `for (double& e : buffer)`, `double& first = v.front()`: a name for an
    // element, so writing it writes the buffer.
    if (IsRef && Init && T.getNonReferenceType()->isArithmeticType())
      if (const ValueDecl *Buffer = baseOf(Init))
        ElementOf[VD] = Buffer;
    // A reference or pointer to a tape: an alias of the tape it designates
    // (a pointer only if it is never made to point elsewhere). Otherwise the
    // handle stays unresolved and tapeOf() calls it an unknown tape.
    if (tapecheck::TapeTypeForm TF = tapecheck::tapeTypeForm(T);
        Init && (TF == tapecheck::TapeTypeForm::Reference ||
                 TF == tapecheck::TapeTypeForm::Pointer)) {
      if (TF == tapecheck::TapeTypeForm::Reference || neverReseated(VD))
        if (const ValueDecl *Target = handleTarget(Init); Target && Target != VD)
          Alias[VD] = Target;
      if (TF == tapecheck::TapeTypeForm::Reference)
        return;
    }
    switch (K) {
    case TK::Tape: {
      if (IsRef)
        return; // an alias we could not resolve: unknown tape
      int Id = tapeIdOfDecl(VD, true);
      if (Id < 0)
        return;
      TapeInfo &TI = Tapes[Id];
      TI.Local = true;
      TI.Persistent = 0;
      TI.AutoWatch = 1;
      const auto *CE = dyn_cast_or_null<CXXConstructExpr>(strip(Init));
      if (!CE) {
        TI.Local = false; // made by a factory: state unknown
        TI.Persistent = TI.AutoWatch = -1;
      } else if (CE->getConstructor() && CE->getConstructor()->isCopyOrMoveConstructor()) {
        TI.Local = false;
        TI.Persistent = TI.AutoWatch = -1;
      } else {
        auto Tri = [](tapecheck::Tristate T) -> int8_t {
          return T == tapecheck::Tristate::True ? 1 : T == tapecheck::Tristate::False ? 0 : -1;
        };
        TI.Persistent =
            Tri(tapecheck::tapeConstructorOption(CE, "persistent", Ctx, FD->getBody()));
        TI.AutoWatch = Tri(tapecheck::tapeConstructorOption(CE, "watch_accessed_variables",
                                                            Ctx, FD->getBody()));
      }
      Cur.Tapes[Id] = TapeSt();
      for (auto &KV : Cur.Watched)
        KV.second &= ~bit(Id);
      Cur.WatchUnknown &= ~bit(Id);
      forgetExportsOf(Id);
      return;
    }
    case TK::Scope:
    case TK::Pause: {
      const Expr *S = stripCopies(Init);
      // `auto s2 = std::move(s1);`: s2 now ends the scope, s1 ends nothing.
      if (const VarDecl *From = tapecheck::movedFromVariable(Init)) {
        auto It = ScopeVars.find(From);
        if (It != ScopeVars.end()) {
          auto Entry = It->second;
          ScopeVars.erase(It);
          ScopeVars[VD] = Entry;
          return;
        }
      }
      const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(S);
      const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
      bool OnTape = MD && recordKind(MD->getParent()) == TK::Tape;
      int Id = OnTape ? tapeOf(MC->getImplicitObjectArgument()) : UnknownTape;
      if (Id == -1 && OnTape)
        return; // `obj.tape.record()`: a tape none of ours can be
      if (Id < 0) {
        // A scope we cannot attribute (returned by a helper, opened through
        // a pointer or reference whose target is not known).
        holdUnknownScopes(VD, K == TK::Pause ? HeldPause : HeldScope);
        return;
      }
      bool IsPause = MD->getName() == "stop_recording";
      ScopeVars[VD] = {Id, IsPause};
      int8_t &C = IsPause ? Cur.Tapes[Id].Pause : Cur.Tapes[Id].Depth;
      if (C >= 0 && C < 100)
        ++C;
      return;
    }
    case TK::Variable:
      // A handle copied from a named one (`Variable m = n;`) is that
      // variable, as a reference to it is.
      if (!IsRef && !T->isPointerType() && !namesVariable(Init))
        variableOrigin(VD);
      else if (Init)
        Cur.Env[VD] = eval(Init);
      return;
    case TK::Tensor: {
      if (T->isPointerType()) {
        Cur.Env[VD] = Init ? eval(Init) : Value();
        return;
      }
      Value V = Init ? eval(Init) : Value();
      V = bindTensor(VD, DS ? (const void *)DS : (const void *)VD, std::move(V));
      Cur.Env[VD] = std::move(V);
      return;
    }
    default:
      if (!IsRef && !T->isPointerType())
        if (const unsigned char Held = scopesHeldBy(T->getAsCXXRecordDecl()))
          holdUnknownScopes(VD, Held);
      break;
    }
    Value V = Init ? eval(Init) : Value();
    if (sequenceElementKind(T) != TK::None && Init)
      setSequence(VD, Init);
    else if (isTensorAggregate(T) && Init)
      setFields(VD, Init);
    Cur.Env[VD] = std::move(V);
  }

  /// A plain struct of tensors (`struct Inputs { Tensor a, b; }`): its
  /// brace-initialised fields are followed one by one, as a sequence's
  /// elements are.
  static const CXXRecordDecl *tensorAggregate(QualType T) {
    const auto *RD = T->isReferenceType() ? nullptr : T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition() || !RD->isAggregate() || RD->getNumBases() != 0 ||
        recordKind(RD) != TK::None)
      return nullptr;
    for (const FieldDecl *F : RD->fields())
      if (typeKind(F->getType()) == TK::Tensor)
        return RD;
    return nullptr;
  }
  static bool isTensorAggregate(QualType T) { return tensorAggregate(T) != nullptr; }

  void setFields(const VarDecl *VD, const Expr *Init) {
    const CXXRecordDecl *RD = tensorAggregate(VD->getType());
    const auto *ILE = dyn_cast<InitListExpr>(strip(Init));
    if (!ILE || ILE->getNumInits() != size_t(std::distance(RD->field_begin(), RD->field_end()))) {
      setSequence(VD, Init); // a copy of another aggregate, or nothing known
      return;
    }
    std::vector<Value> Fields;
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      const Expr *E = ILE->getInit(I++);
      Value V = eval(E);
      if (typeKind(F->getType()) == TK::Tensor) {
        V = bindTensor(F, E, std::move(V));
        if (std::optional<OriginId> O = TU.Origins.lookup(OK::Site, F, E, 0))
          info(*O).Name = (VD->getName() + "." + F->getName()).str();
      }
      Fields.push_back(std::move(V));
    }
    Cur.Seqs[VD] = std::move(Fields);
  }

  /// `in.a` of a local aggregate whose fields are known: that field alone.
  const Value *knownField(const MemberExpr *ME, const FieldDecl *F) {
    if (ME->isArrow() || typeKind(F->getType()) != TK::Tensor)
      return nullptr;
    const auto *DRE = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
    if (!DRE || !isTensorAggregate(DRE->getType()))
      return nullptr;
    auto It = Cur.Seqs.find(resolveAlias(DRE->getDecl()));
    if (It == Cur.Seqs.end() || F->getFieldIndex() >= It->second.size() ||
        !keepsItsElements(It->first))
      return nullptr;
    return &It->second[F->getFieldIndex()];
  }

  /// Whether every use of the list or struct D in this function only reads
  /// it: an element read out with [], at(), front(), back() or a field
  /// access that nothing changes, a const reference, a copy. Only then is
  /// one element known apart from the others: erase(), std::swap, a write
  /// through `auto& e : list` or `Tensor& r = list[0]` all reshuffle them
  /// in ways the flow does not follow.
  bool keepsItsElements(const ValueDecl *D) {
    auto [It, Inserted] = KeepsElements.try_emplace(D, false);
    if (!Inserted)
      return It->second;
    const Stmt *Body = FD->getBody();
    if (!Mutations)
      Mutations = std::make_unique<ExprMutationAnalyzer>(*Body, Ctx);
    using namespace ast_matchers;
    for (const BoundNodes &Use :
         match(findAll(declRefExpr(to(equalsNode(D))).bind("use")), *Body, Ctx)) {
      const Expr *Read = readOut(Use.getNodeAs<DeclRefExpr>("use"));
      if (!isWatched(Read) && Mutations->isMutated(Read))
        return false;
    }
    return It->second = true;
  }

  /// E is the argument of `tape.watch(E)`: watching a Scalar takes it by
  /// reference to record it, which moves no element of its list.
  bool isWatched(const Expr *E) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(
        parents().getParentIgnoreParenImpCasts(const_cast<Expr *>(E)));
    return Call && Call->getNumArgs() > 0 && Call->getArg(0)->IgnoreParenImpCasts() == E &&
           tapecheck::classifyTapeMethod(Call->getMethodDecl()) == tapecheck::TapeMethod::Watch;
  }

  /// The expression that reads an element of the list or struct that Ref
  /// names (list[k], list.at(k), list.front(), s.field), or Ref itself.
  const Expr *readOut(const DeclRefExpr *Ref) {
    const Stmt *P = parents().getParentIgnoreParenImpCasts(const_cast<DeclRefExpr *>(Ref));
    if (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(P))
      if (AS->getBase()->IgnoreParenImpCasts() == Ref)
        return AS;
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P))
      if (Op->getOperator() == OO_Subscript && Op->getArg(0)->IgnoreParenImpCasts() == Ref)
        return Op;
    const auto *ME = dyn_cast_or_null<MemberExpr>(P);
    if (!ME)
      return Ref;
    if (isa<FieldDecl>(ME->getMemberDecl()))
      return ME;
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(parents().getParent(ME));
    if (!Call || !ME->getMemberDecl()->getIdentifier())
      return Ref;
    const llvm::StringRef Name = ME->getMemberDecl()->getName();
    if (Name == "at" || Name == "front" || Name == "back")
      return Call;
    return Ref;
  }

  /// What a variable may hold of recording scopes whose tape is unknown.
  static constexpr unsigned char HeldScope = 1, HeldPause = 2;

  /// Whether objects of RD hold a RecordingScope or a RecordingPause among
  /// their members, directly or a few levels down: an RAII wrapper that
  /// opens one in its constructor.
  static unsigned char scopesHeldBy(const CXXRecordDecl *RD, int Depth = 0) {
    if (!RD || !RD->hasDefinition() || Depth > 3 || recordKind(RD) != TK::None)
      return 0;
    unsigned char Held = 0;
    for (const FieldDecl *F : RD->fields()) {
      const TK K = typeKind(F->getType());
      if (K == TK::Scope)
        Held |= HeldScope;
      else if (K == TK::Pause)
        Held |= HeldPause;
      else if (K == TK::None && !F->getType()->isReferenceType())
        Held |= scopesHeldBy(F->getType()->getAsCXXRecordDecl(), Depth + 1);
    }
    return Held;
  }

  /// VD holds scopes or pauses of tapes we cannot tell. A scope: while it
  /// lives, any tape (ours, our caller's) may be recording. A pause: from
  /// here on no tape's pause state is known.
  void holdUnknownScopes(const VarDecl *VD, unsigned char Held) {
    if (Held & HeldPause)
      for (TapeSt &TS : Cur.Tapes)
        TS.Pause = -1;
    if (!(Held & HeldScope))
      return;
    ScopeVars[VD] = {UnknownTape, false};
    if (Cur.UnknownDepth >= 0 && Cur.UnknownDepth < 100)
      ++Cur.UnknownDepth;
  }

  static bool namesVariable(const Expr *Init) {
    const Expr *E = Init ? stripCopies(Init) : nullptr;
    return E && isa<DeclRefExpr>(E) && typeKind(E->getType()) == TK::Variable;
  }

  /// `params[1]` of a list of sources whose elements are known, with a
  /// constant index: that element alone.
  const Value *knownElement(const Expr *Seq, const Expr *Index) {
    const auto *DRE = dyn_cast<DeclRefExpr>(stripCopies(Seq));
    if (!DRE || sequenceElementKind(DRE->getType()) == TK::None)
      return nullptr;
    auto It = Cur.Seqs.find(resolveAlias(DRE->getDecl()));
    Expr::EvalResult R;
    if (It == Cur.Seqs.end() || Index->isValueDependent() ||
        !Index->EvaluateAsInt(R, Ctx) || !keepsItsElements(It->first))
      return nullptr;
    const llvm::APSInt &I = R.Val.getInt();
    if (I.isNegative() || I.getZExtValue() >= It->second.size())
      return nullptr;
    return &It->second[I.getZExtValue()];
  }

  void setSequence(const VarDecl *VD, const Expr *Init) {
    llvm::SmallVector<const Expr *, 4> Elems;
    if (sequenceElements(Init, Elems)) {
      // A tensor made in the list (`{Tensor(1.5), Tensor(2.5)}`) is a
      // constant of its own, as a struct's field is, and it and a variable
      // made there are named as elements: `in[1]`.
      const TK Kind = sequenceElementKind(VD->getType());
      std::vector<Value> Vs;
      for (const Expr *E : Elems) {
        Value V = eval(E);
        std::optional<OriginId> Made;
        if (Kind == TK::Tensor) {
          V = bindTensor(VD, E, std::move(V));
          Made = TU.Origins.lookup(OK::Site, VD, E, 0);
        } else if (const auto *CE = dyn_cast<CXXConstructExpr>(strip(E))) {
          Made = TU.Origins.lookup(OK::Variable, CE, nullptr, 0);
        }
        if (Made)
          info(*Made).Name = (VD->getName() + "[" + llvm::Twine(Vs.size()) + "]").str();
        Vs.push_back(std::move(V));
      }
      Cur.Seqs[VD] = std::move(Vs);
      return;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(stripCopies(Init))) {
      auto It = Cur.Seqs.find(resolveAlias(DRE->getDecl()));
      if (It != Cur.Seqs.end()) {
        Cur.Seqs[VD] = It->second;
        return;
      }
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(strip(Init)); CE && CE->getNumArgs() == 0) {
      Cur.Seqs[VD] = {};
      return;
    }
    Cur.Seqs.erase(VD);
  }

  /// Elements of a braced list that builds a std::vector<Tensor>.
  static bool sequenceElements(const Expr *E, llvm::SmallVectorImpl<const Expr *> &Out) {
    E = strip(E);
    if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() == 0 && CE->isListInitialization())
        return true;
      if (CE->getNumArgs() < 1)
        return false;
      const Expr *A = strip(CE->getArg(0));
      if (const auto *IL = dyn_cast<CXXStdInitializerListExpr>(A))
        A = strip(IL->getSubExpr());
      E = A;
    }
    const auto *ILE = dyn_cast_or_null<InitListExpr>(E);
    if (!ILE)
      return false;
    // std::array: the braces initialise its one member, a C array.
    if (ILE->getNumInits() == 1)
      if (const auto *Inner = dyn_cast<InitListExpr>(strip(ILE->getInit(0))))
        if (Inner->getType()->isConstantArrayType())
          ILE = Inner;
    if (ILE->hasArrayFiller())
      return false; // fewer values than elements: the rest are made elsewhere
    for (const Expr *I : ILE->inits())
      Out.push_back(I);
    return true;
  }

  /// The function body's parent map, made on first use.
  ParentMap &parents() {
    if (!Parents)
      Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(FD->getBody()));
    return *Parents;
  }

  /// Whether \p E is a statement of its own whose value is dropped (a
  /// temporary it makes dies at the semicolon), looking through casts to
  /// void and the wrappers of a temporary.
  bool discardedStatement(const Expr *E) {
    const Stmt *Node = E;
    while (const Stmt *P = parents().getParent(Node)) {
      if (isa<CompoundStmt>(P))
        return true;
      const auto *Cast = dyn_cast<ExplicitCastExpr>(P);
      if (!isa<ParenExpr, ExprWithCleanups, CXXBindTemporaryExpr, MaterializeTemporaryExpr,
               ImplicitCastExpr>(P) &&
          !(Cast && Cast->getType()->isVoidType()))
        return false;
      Node = P;
    }
    return false;
  }

  /// The state an exception carries along From -> To: the recording
  /// scopes it unwinds (unwoundOnEdge) have ended. Cur on any other edge.
  const State &unwound(const CFGBlock *From, const CFGBlock *To) {
    if (!isa_and_nonnull<CXXTryStmt>(To->getTerminatorStmt()))
      return Cur;
    const llvm::SmallVector<const VarDecl *, 4> Dead = unwoundOnEdge(From, To, parents());
    if (Dead.empty())
      return Cur;
    Unwinding = Cur;
    std::swap(Cur, Unwinding);
    for (const VarDecl *VD : Dead)
      handleDtor(VD);
    std::swap(Cur, Unwinding);
    return Unwinding;
  }

  /// `std::move(scope)` anywhere but into a scope variable (handled at its
  /// declaration): into an optional, a container, a parameter. Where the
  /// scope ends is then unknown.
  void scopeMovedAway(const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    auto It = VD ? ScopeVars.find(VD) : ScopeVars.end();
    if (It == ScopeVars.end())
      return;
    auto [Id, IsPause] = It->second;
    if (Id == UnknownTape)
      Cur.UnknownDepth = -1;
    else if (Id >= 0 && size_t(Id) < Cur.Tapes.size())
      (IsPause ? Cur.Tapes[Id].Pause : Cur.Tapes[Id].Depth) = -1;
  }

  void handleDtor(const VarDecl *VD) {
    auto It = ScopeVars.find(VD);
    if (It == ScopeVars.end())
      return;
    auto [Id, IsPause] = It->second;
    if (Id == UnknownTape && !IsPause && Cur.UnknownDepth > 0)
      --Cur.UnknownDepth;
    if (Id < 0 || size_t(Id) >= Cur.Tapes.size())
      return;
    int8_t &C = IsPause ? Cur.Tapes[Id].Pause : Cur.Tapes[Id].Depth;
    if (C > 0)
      --C;
  }

  // ---- gradient() -----------------------------------------------------------------
  void handleGradient(const CallExpr *CE, int T, llvm::ArrayRef<const Expr *> Args) {
    if (T < 0 || Args.size() < 2) {
      return;
    }
    TapeSt &TS = Cur.Tapes[T];
    bool MaybeLifecycle = TS.Released || (Tapes[T].Persistent != 1 && TS.GradUsed) ||
                          (Cur.UnknownLifecycle && !Tapes[T].Local);
    if (Report && !MaybeLifecycle) {
      Value Target = eval(Args[0]);
      const Expr *SrcArg = Args[1];
      if (sequenceElementKind(SrcArg->getType()) != TK::None) {
        llvm::SmallVector<const Expr *, 4> Elems;
        if (sequenceElements(SrcArg, Elems)) {
          for (unsigned I = 0; I < Elems.size(); ++I)
            classify(CE, T, Args[0], Target, Elems[I], eval(Elems[I]), I);
        } else if (const auto *DRE = dyn_cast<DeclRefExpr>(stripCopies(SrcArg))) {
          auto It = Cur.Seqs.find(resolveAlias(DRE->getDecl()));
          if (It != Cur.Seqs.end()) {
            std::vector<Value> Elements = It->second;
            for (unsigned I = 0; I < Elements.size(); ++I)
              classify(CE, T, Args[0], Target, SrcArg, Elements[I], I);
          }
        } else if (std::optional<llvm::SmallVector<const Expr *, 4>> Returned =
                       returnedSources(SrcArg)) {
          for (unsigned I = 0; I < Returned->size(); ++I)
            classify(CE, T, Args[0], Target, SrcArg, eval((*Returned)[I]), I);
        }
      } else {
        classify(CE, T, Args[0], Target, SrcArg, eval(SrcArg), 0);
      }
    }
    TS.GradUsed = true;
    noteTapeEffect(T, TE_Gradient);
  }

  /// The sources a call returns, as expressions of this function, when the
  /// callee (defined here) is `return {e1, e2, ...};` and each element is
  /// one of its parameters (this call's argument), a Variable member of its
  /// object or a global Variable: `model.vars()`, TensorFlow's
  /// trainable_variables. nullopt for anything else.
  std::optional<llvm::SmallVector<const Expr *, 4>> returnedSources(const Expr *Src) {
    const auto *Call = dyn_cast<CallExpr>(stripCopies(Src));
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    const auto *Body = Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
    const auto *Ret = Body && Body->size() == 1 ? dyn_cast<ReturnStmt>(Body->body_front()) : nullptr;
    llvm::SmallVector<const Expr *, 4> Elems;
    if (!Ret || !Ret->getRetValue() || !sequenceElements(Ret->getRetValue(), Elems))
      return std::nullopt;
    const unsigned FirstArg = isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Def) ? 1 : 0;
    llvm::SmallVector<const Expr *, 4> Out;
    for (const Expr *E : Elems) {
      // A Variable in a list of tensors: through its conversion to Tensor.
      const Expr *S = stripCopies(E);
      if (const auto *Conv = dyn_cast<CXXMemberCallExpr>(S);
          Conv && isa_and_nonnull<CXXConversionDecl>(Conv->getMethodDecl()))
        S = stripCopies(Conv->getImplicitObjectArgument());
      S = S->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
        if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
            P && P->getDeclContext() == Def &&
            P->getFunctionScopeIndex() + FirstArg < Call->getNumArgs()) {
          Out.push_back(Call->getArg(P->getFunctionScopeIndex() + FirstArg));
          continue;
        }
        if (const auto *G = dyn_cast<VarDecl>(DRE->getDecl());
            G && G->hasGlobalStorage() && typeKind(G->getType()) == TK::Variable) {
          Out.push_back(E);
          continue;
        }
      }
      if (const auto *ME = dyn_cast<MemberExpr>(S);
          ME && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) &&
          isa<FieldDecl>(ME->getMemberDecl()) && typeKind(ME->getType()) == TK::Variable) {
        Out.push_back(E);
        continue;
      }
      return std::nullopt;
    }
    return Out;
  }

  /// The name a gradient() call gives a variable through another of its
  /// handles, or "" when it names the variable itself (or no name at all).
  static std::string handleName(const Expr *SrcArg, const OriginInfo &SI) {
    const auto *DRE = dyn_cast<DeclRefExpr>(stripCopies(SrcArg));
    if (SI.Kind != OK::Variable || SI.Name.empty() || !DRE || !DRE->getDecl()->getIdentifier())
      return "";
    std::string Name = DRE->getDecl()->getName().str();
    return Name == SI.Name ? "" : Name;
  }

  void classify(const CallExpr *CE, int T, const Expr *TargetArg, const Value &Target,
                const Expr *SrcArg, const Value &Src, unsigned Index) {
    // Which origin does the source stand for?
    std::optional<OriginId> S;
    int Best = 99;
    for (const Dep &D : Src.Deps) {
      bool Ident = false;
      for (const Path &P : D.Paths)
        Ident |= P.isIdentity();
      if (!Ident)
        continue;
      int Rank = 0;
      switch (info(D.O).Kind) {
      case OK::Variable: Rank = 0; break;
      case OK::Site: Rank = 1; break;
      case OK::Param:
      case OK::Free: Rank = 2; break;
      case OK::ViewMem: Rank = 3; break;
      case OK::Any: Rank = 9; break;
      }
      if (Rank < Best) {
        Best = Rank;
        S = D.O;
      }
    }
    if (!S || Best >= 9)
      return;
    const OriginInfo SI = info(*S);
    const Dep *TD = Target.find(*S);
    if (!TD || TD->Paths.empty())
      return; // target does not depend on the source: no misuse
    // The target holds values the analysis lost track of (an opaque call
    // overwrote them): they may depend on the source in any way.
    bool AnyOrigin = Target.find(anyOrigin()) != nullptr;

    FlowFinding F;
    F.Call = CE;
    F.Loc = CE->getExprLoc();
    F.SourceArg = SrcArg;
    F.SourceName = SI.Name.empty() ? exprText(SrcArg, Ctx) : SI.Name;
    // An element of a named list of sources is named as an element.
    const bool ElementOfList = sequenceElementKind(SrcArg->getType()) != TK::None;
    if (ElementOfList)
      F.SourceName = isa<DeclRefExpr, CallExpr>(stripCopies(SrcArg))
                         ? exprText(SrcArg, Ctx) + "[" + std::to_string(Index) + "]"
                         : "source #" + std::to_string(Index + 1);
    // Another handle of a variable (`Variable count = steps;`) is named as
    // the call writes it; the notes say which variable it is.
    const std::string Handle = ElementOfList ? "" : handleName(SrcArg, SI);
    if (!Handle.empty())
      F.SourceName = Handle;
    F.TargetName = exprText(TargetArg, Ctx);
    F.TapeName = Tapes[T].Name;

    // integer-source
    DT Ty = SI.Kind == OK::Variable ? SI.Ty : (Src.Ty != DT::Unknown ? Src.Ty : SI.Ty);
    const Expr *IntLit = SI.IntLit ? SI.IntLit : Src.IntLit;
    if (SI.Kind == OK::Variable && SI.Ty == DT::Unknown)
      if (std::optional<std::pair<DT, const Expr *>> Own = objectFieldDType(SrcArg))
        std::tie(Ty, IntLit) = *Own;
    if (Ty == DT::I64 && !AnyOrigin) {
      F.Kind = FindingKind::IntegerSource;
      const Expr *Lit = IntLit;
      if (SI.Loc.isValid()) {
        const std::string Who = Handle.empty()
                                    ? "'" + F.SourceName + "'"
                                    : "'" + Handle + "' is a copy of '" + SI.Name + "', which";
        F.Notes.push_back({SI.Loc, Who + " is created with integer dtype i64 here"});
      }
      if (Lit && Lit->getBeginLoc().isFileID() && Lit->getEndLoc().isFileID()) {
        llvm::StringRef Text = Lexer::getSourceText(
            CharSourceRange::getTokenRange(Lit->getSourceRange()), SM, Ctx.getLangOpts());
        if (!Text.empty() && llvm::all_of(Text, [](char C) { return C >= '0' && C <= '9'; })) {
          F.Fix = FixItHint::CreateReplacement(
              CharSourceRange::getTokenRange(Lit->getSourceRange()), (Text + ".0").str());
          F.Notes.push_back({Lit->getBeginLoc(), "write a floating-point literal to make it differentiable"});
        }
      }
      record(CE, Index, std::move(F));
      return;
    }

    if (Ty == DT::I64)
      return;
    // Opaque paths: some contribution runs through code the analysis does
    // not see (a function of another translation unit, a call through a
    // pointer, a user constructor). Such a term stays unknown, but the
    // known paths still count: a raw round trip on a known path is certain.
    // The only cause an opaque path could hide that precedes
    // raw-array-mixing is unwatched-source (integer-source and the lifecycle
    // checks do not depend on paths), so with opaque paths only raw-array-
    // mixing is reported, and only for a source that cannot be an unwatched
    // constant. Every other cause needs all paths (non-differentiable-path:
    // every path crosses; op-outside-scope: an opaque path could hide a raw
    // round trip or a non-differentiable one, which the runtime would report
    // first).
    bool Opaque = AnyOrigin;
    for (const Path &P : TD->Paths)
      Opaque |= (P.Flags & PF_Unknown) != 0;

    TapeSet TB = bit(T);
    bool LocalTape = Tapes[T].Local;
    bool UnwatchedApplies = false;
    if (!(Cur.WatchUnknown & TB)) {
      if (SI.Kind == OK::Site) {
        auto It = ProducedOn.find(*S);
        UnwatchedApplies = SI.Root && (It == ProducedOn.end() || !(It->second & TB));
      } else if (SI.Kind == OK::Variable) {
        UnwatchedApplies = Tapes[T].AutoWatch == 0;
      }
    }

    if (Opaque) {
      auto It = ProducedOn.find(*S);
      bool CannotBeUnwatched =
          (SI.Kind == OK::Variable && Tapes[T].AutoWatch == 1) ||
          (SI.Kind == OK::Site && !SI.Root && It != ProducedOn.end() && (It->second & TB));
      if (!CannotBeUnwatched)
        return;
    }

    bool NeverWatched = true;
    if (auto W = Cur.Watched.find(*S); W != Cur.Watched.end() && (W->second & TB))
      NeverWatched = false;
    const Path *Unwatched = nullptr, *Raw = nullptr, *Unrec = nullptr, *NonDiff = nullptr;
    bool Clean = false, AllNonDiff = true, AllNonDiffOrUnrec = true, AnyLive = false;
    for (const Path &P : TD->Paths) {
      if ((P.Flags & PF_Cut) || (P.Paused & TB) || (P.Flags & PF_Unknown))
        continue;
      // A value exported from another tape's recording is a constant of an
      // earlier recording to this tape: the runtime ties an export to the
      // nodes of the tapes that recorded it.
      if ((P.Flags & PF_Raw) && !P.RawViewWrite && !(P.RawOn & TB))
        continue;
      AnyLive = true;
      bool IsUnrec = LocalTape && (P.Flags & PF_HasOps) && !(P.Recorded & TB);
      // Not watched when first used. If it is watched at some point, only a
      // use inside a recording scope is "watched too late"; a use that ran
      // while the tape did not record is op-outside-scope's business.
      bool IsUnw = UnwatchedApplies && (P.Flags & PF_HasOps) &&
                   !(P.Flags & PF_WatchPending) && !(P.WatchedFirst & TB) &&
                   (NeverWatched || (P.FirstRec & TB));
      if (!(P.Flags & PF_HasOps) && UnwatchedApplies && P.isIdentity())
        IsUnw = false; // target is the source itself
      bool IsRaw = P.Flags & PF_Raw;
      bool IsND = P.Flags & PF_NonDiff;
      if (IsUnw && !Unwatched)
        Unwatched = &P;
      if (IsRaw && !Raw)
        Raw = &P;
      if (IsUnrec && !Unrec)
        Unrec = &P;
      if (IsND && !NonDiff)
        NonDiff = &P;
      if (!IsND)
        AllNonDiff = false;
      if (!IsND && !IsUnrec)
        AllNonDiffOrUnrec = false;
      if (!IsUnrec && !IsUnw && !IsRaw && !IsND)
        Clean = true;
    }
    if (!AnyLive)
      return;

    if (Unwatched) {
      F.Kind = FindingKind::UnwatchedSource;
      auto W = Cur.Watched.find(*S);
      bool WatchedLater = W != Cur.Watched.end() && (W->second & TB);
      F.Detail = WatchedLater ? "watched too late" : "never watched";
      if (Unwatched->FirstOpLoc.isValid())
        F.Notes.push_back({Unwatched->FirstOpLoc,
                           WatchedLater ? "'" + F.SourceName + "' is used here before '" +
                                              F.TapeName + ".watch(" + F.SourceName +
                                              ")' is called"
                                        : "'" + F.SourceName + "' is used here but '" +
                                              F.TapeName + "' never watches it"});
      record(CE, Index, std::move(F));
      return;
    }
    if (Opaque && !Raw)
      return;
    if (Raw) {
      F.Kind = FindingKind::RawArrayMixing;
      F.ViewWrite = Raw->RawViewWrite;
      F.Partial = Clean;
      F.MaybePartial = !Clean && Opaque;
      F.Detail = Raw->RawViewWrite ? "" : Raw->RawName.str();
      if (Raw->RawLoc.isValid())
        F.Notes.push_back(
            {Raw->RawLoc,
             Raw->RawViewWrite
                 ? std::string("memory under a Tensor::view read by a recorded operation "
                               "is written here, before the gradient is computed")
                 : "the value leaves the tape here through '" + Raw->RawName.str() +
                       "()' and comes back as a constant"});
      record(CE, Index, std::move(F));
      return;
    }
    // The paths that ran while the tape did not record are not on it: the
    // runtime judges the recorded ones, and non-differentiable-path comes
    // before op-outside-scope in its order.
    if (NonDiff && AllNonDiffOrUnrec) {
      F.Kind = FindingKind::NonDifferentiablePath;
      F.UnrecordedToo = !AllNonDiff;
      F.Detail = NonDiff->NonDiffName.str();
      if (NonDiff->NonDiffLoc.isValid())
        F.Notes.push_back({NonDiff->NonDiffLoc,
                           "'" + NonDiff->NonDiffName.str() + "' has no gradient"});
      record(CE, Index, std::move(F));
      return;
    }
    if (Unrec) {
      F.Kind = FindingKind::OpOutsideScope;
      F.Partial = Clean;
      for (const Drop &D : Unrec->Drops)
        if (!(D.Rec & TB)) {
          F.Notes.push_back({D.Loc, "this operation runs while '" + F.TapeName +
                                        "' is not recording"});
          break;
        }
      record(CE, Index, std::move(F));
      return;
    }
  }

  void record(const CallExpr *CE, unsigned Index, FlowFinding F) {
    Found[{CE, Index}] = std::move(F);
  }

  // ---- driver ---------------------------------------------------------------------
  /// Drops the cached values of E and its subexpressions.
  void forgetExprVals(const Expr *E) {
    llvm::SmallVector<const Stmt *, 32> Work{E};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *X = dyn_cast<Expr>(S))
        ExprVals.erase(X);
      for (const Stmt *C : S->children())
        Work.push_back(C);
    }
  }

  /// Collects ExprStmts.
  void findExprStmts(const Stmt *Body) {
    struct Finder : RecursiveASTVisitor<Finder> {
      llvm::SmallPtrSet<const Expr *, 16> Found, Valued;
      bool VisitCompoundStmt(CompoundStmt *CS) {
        for (Stmt *C : CS->body())
          if (auto *E = dyn_cast_or_null<Expr>(C)) {
            Found.insert(E);
            // The CFG lists the expression under its cleanups.
            while (const auto *FE = dyn_cast<FullExpr>(E)) {
              E = const_cast<Expr *>(FE->getSubExpr());
              Found.insert(E);
            }
          }
        return true;
      }
      bool VisitStmtExpr(StmtExpr *SE) {
        // The last statement of `({ ... })` is its value.
        if (CompoundStmt *CS = SE->getSubStmt(); CS && !CS->body_empty())
          if (auto *E = dyn_cast<Expr>(CS->body_back()))
            Valued.insert(E);
        return true;
      }
    } F;
    F.TraverseStmt(const_cast<Stmt *>(Body));
    for (const Expr *E : F.Found)
      if (!F.Valued.count(E))
        ExprStmts.insert(E);
  }

  void transferBlock(const CFGBlock *B) {
    for (const CFGElement &El : *B) {
      if (Failed)
        return;
      if (auto S = El.getAs<CFGStmt>()) {
        const Stmt *St = S->getStmt();
        CurStmt = St;
        if (const auto *DS = dyn_cast<DeclStmt>(St)) {
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D))
              handleVarDecl(VD, DS);
          continue;
        }
        if (const auto *RS = dyn_cast<ReturnStmt>(St)) {
          if (Report && RS->getRetValue()) {
            Value V = eval(RS->getRetValue());
            if (!Sum.Valid) {
              Sum.Ret = V;
              Sum.Valid = true;
            } else {
              joinInto(Sum.Ret, V);
            }
          }
          continue;
        }
        if (const auto *E = dyn_cast<Expr>(St)) {
          element(E);
          if (ExprStmts.count(E))
            forgetExprVals(E);
        }
        continue;
      }
      if (auto D = El.getAs<CFGAutomaticObjDtor>()) {
        handleDtor(D->getVarDecl());
        continue;
      }
    }
  }
};

bool Analyzer::run() {
  const Stmt *Body = FD->getBody();
  if (!Body || nestsTooDeepForCFG(Body))
    return false;
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddInitializers = false;
  BO.AddTemporaryDtors = false;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> G =
      CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, BO);
  if (!G)
    return false;
  if (G->getNumBlockIDs() > 2000)
    return false;
  findExprStmts(Body);

  for (const CFGBlock *B : *G)
    for (const CFGElement &El : *B)
      if (auto S = El.getAs<CFGStmt>())
        if (const auto *DS = dyn_cast<DeclStmt>(S->getStmt()))
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D)) {
              TK K = typeKind(VD->getType());
              if ((K == TK::Scope || K == TK::Pause) && VD->getInit()) {
                if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(stripCopies(VD->getInit())))
                  BoundScopeCalls.insert(MC);
                const Expr *Move = nullptr;
                if (tapecheck::movedFromVariable(VD->getInit(), &Move))
                  BoundScopeCalls.insert(Move);
              }
            }

  // Reverse post-order over reachable blocks. (llvm::ReversePostOrderTraversal
  // cannot be used: CFG successor lists hold null entries for pruned edges,
  // e.g. in `switch (0) case 0: default:` as gtest's macros expand.)
  std::vector<const CFGBlock *> Order;
  {
    std::vector<char> Seen(G->getNumBlockIDs(), 0);
    std::vector<std::pair<const CFGBlock *, CFGBlock::const_succ_iterator>> Stack;
    const CFGBlock *Entry = &G->getEntry();
    Seen[Entry->getBlockID()] = 1;
    Stack.push_back({Entry, Entry->succ_begin()});
    while (!Stack.empty()) {
      auto &[B, It] = Stack.back();
      if (It == B->succ_end()) {
        Order.push_back(B);
        Stack.pop_back();
        continue;
      }
      const CFGBlock *S = It->getReachableBlock();
      ++It;
      if (S && S->getBlockID() < Seen.size() && !Seen[S->getBlockID()]) {
        Seen[S->getBlockID()] = 1;
        Stack.push_back({S, S->succ_begin()});
      }
    }
    std::reverse(Order.begin(), Order.end());
  }
  std::vector<unsigned> Rank(G->getNumBlockIDs(), ~0u);
  for (unsigned I = 0; I < Order.size(); ++I)
    Rank[Order[I]->getBlockID()] = I;

  std::vector<State> In(G->getNumBlockIDs());
  In[G->getEntry().getBlockID()].Reached = true;
  std::set<unsigned> Work; // by RPO rank
  Work.insert(Rank[G->getEntry().getBlockID()]);
  unsigned Budget = 40 * (Order.size() + 4);
  while (!Work.empty()) {
    if (Budget-- == 0 || Failed)
      return false;
    unsigned R = *Work.begin();
    Work.erase(Work.begin());
    const CFGBlock *B = Order[R];
    Cur = In[B->getBlockID()];
    if (Cur.Tapes.size() < Tapes.size())
      Cur.Tapes.resize(Tapes.size());
    transferBlock(B);
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *SB = Succ.getReachableBlock();
      if (!SB || Rank[SB->getBlockID()] == ~0u)
        continue;
      if (joinState(In[SB->getBlockID()], unwound(B, SB)))
        Work.insert(Rank[SB->getBlockID()]);
    }
  }
  if (Failed)
    return false;

  // Final pass over the fixpoint: collect findings and the summary.
  Report = true;
  for (const CFGBlock *B : Order) {
    if (!In[B->getBlockID()].Reached)
      continue;
    Cur = In[B->getBlockID()];
    if (Cur.Tapes.size() < Tapes.size())
      Cur.Tapes.resize(Tapes.size());
    transferBlock(B);
  }
  if (Failed)
    return false;
  Sum.Valid = true;
  Sum.Tapes = Tapes;
  Out.Sum = std::move(Sum);
  for (auto &KV : Found)
    Out.Result.Findings.push_back(std::move(KV.second));
  std::stable_sort(Out.Result.Findings.begin(), Out.Result.Findings.end(),
                   [&](const FlowFinding &A, const FlowFinding &B) {
                     return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
                   });
  return true;
}

FnEntry *analyzeInto(TUCache &TU, const FunctionDecl *FD) {
  auto &Slot = TU.Fns[FD];
  if (!Slot)
    Slot = std::make_unique<FnEntry>();
  FnEntry *E = Slot.get();
  if (E->Done || E->InProgress)
    return E;
  if (TU.Depth >= 8)
    return nullptr;
  E->InProgress = true;
  ++TU.Depth;
  {
    Analyzer A(TU, FD, *E);
    if (!A.run()) {
      E->Sum = Summary();
      E->Result.Findings.clear();
    }
  }
  --TU.Depth;
  E->InProgress = false;
  E->Done = true;
  return E;
}

bool tuHasTapeTypes(TUCache &TU) {
  if (TU.HasTapeTypes >= 0)
    return TU.HasTapeTypes;
  TU.HasTapeTypes = 0;
  ASTContext &Ctx = *TU.Ctx;
  auto Lookup = Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("tape"));
  for (const NamedDecl *ND : Lookup)
    if (const auto *NS = dyn_cast<NamespaceDecl>(ND)) {
      auto L2 = NS->lookup(&Ctx.Idents.get("GradientTape"));
      if (!L2.empty())
        TU.HasTapeTypes = 1;
    }
  return TU.HasTapeTypes;
}

} // namespace

const FunctionFlowResult &analyzeFunction(const FunctionDecl *FD, ASTContext &Ctx) {
  static const FunctionFlowResult Empty;
  if (!FD || !FD->doesThisDeclarationHaveABody() || FD->isDependentContext() ||
      FD->isInvalidDecl())
    return Empty;
  if (!tapecheck::translationUnitMayUseTapes(Ctx))
    return Empty;
  TUCache &TU = cacheFor(Ctx);
  if (!tuHasTapeTypes(TU))
    return Empty;
  if (isInsideTapeNamespace(FD))
    return Empty;
  auto HG = TU.HasGradient.find(FD);
  if (HG == TU.HasGradient.end()) {
    PrescanVisitor V;
    V.TraverseStmt(FD->getBody());
    HG = TU.HasGradient.try_emplace(FD, V.Found && !V.Errors).first;
  }
  if (!HG->second)
    return Empty;
  FnEntry *E = analyzeInto(TU, FD);
  if (!E || !E->Done)
    return Empty;
  return E->Result;
}

void resetFlowCache() { TheCache.reset(); }

} // namespace clang::tidy::tapecheck::flow
