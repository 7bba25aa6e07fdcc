// Value-flow analysis shared by the five dataflow checks (tape-integer-source,
// tape-unwatched-source, tape-raw-array-mixing, tape-non-differentiable-path,
// tape-op-outside-scope).
//
// One analysis per function definition, computed once per translation unit
// and cached: every check asks `analyzeFunction()` and reports only the
// findings of its own kind. The analysis decides, for every gradient() call
// and every source of that call, at most ONE finding, following the
// precedence of API.md (use-after-release, nonpersistent-reuse,
// integer-source, unwatched-source, raw-array-mixing,
// non-differentiable-path, op-outside-scope). Calls that may be a
// use-after-release or a non-persistent reuse are left to those checks.
//
// How it works (details in ValueFlow.cpp): a forward analysis over the
// Clang CFG. Every value (Tensor, Variable, double, std::vector<double>,
// arrays, pointers) carries the set of leaves ("origins": Variables, tensor
// constants, parameters, captured variables, view memory) it depends on, and
// for each origin a small set of path summaries: which tapes recorded every
// operation on the path, whether it crosses a non-differentiable operation,
// a raw export (item/to_vector/data), stop_gradient, a paused tape, or
// something the analysis does not understand. Functions of the same TU are
// summarised (result in terms of parameters and captures) and the summary is
// instantiated at each call, with the caller's recording state.
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace clang::tidy::tapecheck::flow {

enum class FindingKind : unsigned char {
  IntegerSource,
  UnwatchedSource,
  RawArrayMixing,
  NonDifferentiablePath,
  OpOutsideScope,
};

/// The tape-* name of a finding kind (from runtime/include/tape/check_names.hpp).
llvm::StringRef checkName(FindingKind K);

struct FlowNote {
  SourceLocation Loc;
  std::string Message;
};

struct FlowFinding {
  FindingKind Kind;
  /// The gradient() call: the finding's primary location.
  const CallExpr *Call = nullptr;
  SourceLocation Loc;
  /// The source argument (an element of the braced list for the vector overload).
  const Expr *SourceArg = nullptr;
  std::string SourceName;
  std::string TargetName;
  std::string TapeName;
  /// Kind-specific detail (the operation, the export, ...), for the message.
  std::string Detail;
  /// Set for raw-array-mixing when the cause is view memory written after the
  /// recorded operation rather than a raw export.
  bool ViewWrite = false;
  /// Set for op-outside-scope / raw-array-mixing when a clean path remains
  /// (the gradient exists but misses a path).
  bool Partial = false;
  /// Set for raw-array-mixing when no known path is clean but a path
  /// through code the analysis cannot see (an opaque call) may be: the
  /// gradient is missing or partial.
  bool MaybePartial = false;
  /// Set for non-differentiable-path when the paths that do not cross a
  /// non-differentiable operation ran while the tape was not recording.
  bool UnrecordedToo = false;
  std::vector<FlowNote> Notes;
  std::optional<FixItHint> Fix;
};

struct FunctionFlowResult {
  std::vector<FlowFinding> Findings;
};

/// Analyses FD (once per translation unit; later calls hit the cache) and
/// returns its findings. Never fails: functions the analysis cannot handle
/// yield no findings.
const FunctionFlowResult &analyzeFunction(const FunctionDecl *FD,
                                          ASTContext &Ctx);

/// Drops every cached analysis. Called by each flow check when a new
/// translation unit starts (the caches hold AST pointers).
void resetFlowCache();

} // namespace clang::tidy::tapecheck::flow
