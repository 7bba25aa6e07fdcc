//===--- TapeModel.h - recognising the tape runtime in the AST ------------===//
//
// Part of tapecheck. Shared by every tape-* check.
//
// The checks know the runtime only by its names: this file recognises the
// runtime's types and members (::tape::GradientTape, ::tape::Tensor,
// ::tape::Variable, ::tape::TapeOptions, GradientTape::gradient/release/
// record/stop_recording/watch) by their fully qualified names, through type
// aliases, `auto`, references and pointers, and answers small generic
// questions about them (what does this call do to its tape, which variable
// does this expression name, is this tape persistent).
//
// Nothing here is specific to one check; keep it that way.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_UTILS_TAPEMODEL_H
#define TAPECHECK_CHECKS_UTILS_TAPEMODEL_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace clang::tidy::tapecheck {

//===-- Names --------------------------------------------------------------===//

/// True if \p D is declared directly in namespace ::tape (inline namespaces,
/// e.g. an ABI tag namespace, are looked through).
bool isInTapeNamespace(const Decl *D);

/// True if \p D is ::tape::<Name>, or a member of a ::tape record named Name
/// (e.g. ::tape::GradientTape::RecordingScope).
bool isTapeEntity(const NamedDecl *D, llvm::StringRef Name);

/// The class a type names, looking through sugar (aliases, `auto`,
/// elaborated names, cv-qualifiers) and, optionally, one reference and one
/// pointer level.
const CXXRecordDecl *recordOf(QualType T, bool LookThroughRefsAndPointers);

bool isGradientTapeRecord(const CXXRecordDecl *RD);
bool isTapeOptionsRecord(const CXXRecordDecl *RD);
bool isScalarRecord(const CXXRecordDecl *RD);

/// How a type refers to a GradientTape.
enum class TapeTypeForm { None, Value, Reference, Pointer };
TapeTypeForm tapeTypeForm(QualType T);
inline bool mentionsTapeType(QualType T) {
  return tapeTypeForm(T) != TapeTypeForm::None;
}

//===-- Calls --------------------------------------------------------------===//

enum class TapeMethod {
  NotATapeMethod,
  Gradient,      ///< gradient(target, source[s][, Unconnected])
  Release,       ///< release()
  Record,        ///< record() -> RecordingScope
  StopRecording, ///< stop_recording() -> RecordingPause
  Watch,         ///< watch(tensor)
  Persistent,    ///< persistent() const
  Assign,        ///< operator= (move assignment: a new tape in the old object)
  OtherConst,    ///< any other const member: cannot change the tape's state
  OtherMutating, ///< any other non-const member: unknown effect
};

llvm::StringRef tapeMethodName(TapeMethod M);

/// Classifies a member function of ::tape::GradientTape.
TapeMethod classifyTapeMethod(const CXXMethodDecl *MD);

/// A member call on a tape object: `t.gradient(...)`, `p->release()`.
struct TapeCall {
  TapeMethod Method = TapeMethod::NotATapeMethod;
  const CXXMemberCallExpr *Call = nullptr;
  /// The object expression as written (`t`, `p`, `*p`, `get()`).
  const Expr *Object = nullptr;
};

/// If \p S is a member call on a GradientTape, describes it.
std::optional<TapeCall> matchTapeCall(const Stmt *S);

//===-- Expressions --------------------------------------------------------===//

/// Looks through parentheses, implicit casts, full-expression cleanups,
/// temporaries (materialisation, binding), functional casts, default
/// arguments and elidable or temporary copies/moves, down to the expression
/// that really produces the value.
const Expr *stripValueWrappers(const Expr *E);

/// The local \p Init moves from (`auto b = std::move(a);`, also through
/// std::forward or static_cast to an rvalue reference), or null; \p Move
/// receives the std::move (or cast) expression.
const VarDecl *movedFromVariable(const Expr *Init, const Expr **Move = nullptr);

/// The operand of `std::move(x)` or `std::forward<T>(x)`, or null for any
/// other call.
const Expr *stdMoveOperand(const CallExpr *Call);

/// The expression that creates the tape stored in \p VD: the
/// CXXConstructExpr that runs a GradientTape constructor other than the
/// copy/move constructor. Null when the tape is moved or copied in from
/// another object, returned by a function, or \p VD is no tape variable.
const CXXConstructExpr *tapeConstruction(const VarDecl *VD);

/// A three-valued compile-time fact.
enum class Tristate { False, True, Unknown };

/// Evaluates the bool member \p Field of the ::tape::TapeOptions value that
/// \p Options denotes, if it is known at compile time: a literal
/// (`{.persistent = true}`, `TapeOptions{true}`), a default argument, a
/// constant or constexpr variable, or a local variable whose initialiser is
/// known and that is never modified in \p Body (may be null).
Tristate evaluateTapeOption(const Expr *Options, llvm::StringRef Field,
                            ASTContext &Ctx, const Stmt *Body);

/// The value of TapeOptions::<Field> a tape constructor call uses (the
/// options argument or its default).
Tristate tapeConstructorOption(const CXXConstructExpr *Ctor,
                               llvm::StringRef Field, ASTContext &Ctx,
                               const Stmt *Body);

/// Whether the tape \p VD is persistent, from its construction.
Tristate tapePersistence(const VarDecl *VD, ASTContext &Ctx, const Stmt *Body);

//===-- Cheap filters ------------------------------------------------------===//

/// False when the translation unit cannot mention ::tape::GradientTape at
/// all (the identifier never appeared). Constant time.
bool translationUnitMayUseTapes(const ASTContext &Ctx);

/// What a quick scan of a function body found.
enum class BodyScan {
  NoTape,        ///< nothing refers to a GradientTape: skip the function
  MentionsTape,  ///< analyse it
  HasErrors,     ///< contains error-recovery nodes: stay silent
};

/// Scans \p FD's parameters and body (lambdas included) for variables of a
/// GradientTape type (value, reference, pointer). Linear in the body size.
BodyScan scanFunctionForTapes(const FunctionDecl *FD);

/// True for functions that belong to the runtime itself (namespace ::tape and
/// anything nested in it): the checks analyse users of the library, not the
/// library.
bool isRuntimeFunction(const FunctionDecl *FD);

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_UTILS_TAPEMODEL_H
