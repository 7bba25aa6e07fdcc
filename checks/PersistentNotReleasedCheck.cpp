//===--- PersistentNotReleasedCheck.cpp - tape-persistent-not-released ----===//

#include "PersistentNotReleasedCheck.h"

#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::tapecheck {

namespace {

std::vector<std::string> splitList(llvm::StringRef List) {
  std::vector<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

/// True if \p S contains a statement that leaves the enclosing block other
/// than by falling through: return, goto, throw, co_return, or a
/// break/continue not nested in a loop or switch inside \p S.
bool mayJumpOut(const Stmt *S, bool InLoopOrSwitch) {
  if (!S)
    return false;
  if (isa<ReturnStmt, GotoStmt, IndirectGotoStmt, CXXThrowExpr, CoreturnStmt>(
          S))
    return true;
  if (isa<BreakStmt, ContinueStmt>(S))
    return !InLoopOrSwitch;
  if (isa<LambdaExpr>(S))
    return false; // a lambda body's return leaves the lambda only
  bool Nested = InLoopOrSwitch ||
                isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S);
  for (const Stmt *C : S->children())
    if (mayJumpOut(C, Nested))
      return true;
  return false;
}

} // namespace

PersistentNotReleasedCheck::PersistentNotReleasedCheck(
    StringRef Name, ClangTidyContext *Context)
    : LifecycleCheck(Name, Context),
      ReleaseFunctions(Options.get("ReleaseFunctions", "")),
      IgnoreSystemMacroExits(Options.get("IgnoreSystemMacroExits", true)) {
  AnalysisOptions Opts = analysisOptions();
  Opts.ReleaseFunctions = splitList(ReleaseFunctions);
  setAnalysisOptions(std::move(Opts));
}

void PersistentNotReleasedCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  LifecycleCheck::storeOptions(Opts);
  Options.store(Opts, "ReleaseFunctions", ReleaseFunctions);
  Options.store(Opts, "IgnoreSystemMacroExits", IgnoreSystemMacroExits);
}

void PersistentNotReleasedCheck::checkUnit(const FunctionUnit &U,
                                           ASTContext &Ctx) {
  for (const TapeRoot *Root : U.ownRoots()) {
    if (Root->Kind != RootKind::LocalTape || !Root->Constructed ||
        Root->Persistent != Tristate::True || Root->LosesTrack)
      continue;
    const auto *Tape = cast<VarDecl>(Root->Decl);
    std::optional<LifecycleAnalysis::Leak> Leak =
        LifecycleAnalysis::findLeak(U, Tape, IgnoreSystemMacroExits);
    if (!Leak)
      continue;
    SourceLocation Loc = fileLoc(Tape->getLocation());
    if (!firstReport(Loc))
      continue;
    {
      auto D = diag(Loc, "persistent tape %0 is not released on every path; "
                         "its whole recording stays in memory until it is "
                         "destroyed (call %1.release() after its last "
                         "gradient())")
               << Tape << Tape->getName();
      if (std::optional<FixItHint> Fix = releaseFix(U, *Root, Ctx))
        D << *Fix;
    }
    const Stmt *Where = Leak->Where;
    SourceLocation At;
    const char *Why = "%0 is destroyed here without release()";
    if (Leak->ByException) {
      At = Where ? Where->getBeginLoc() : SourceLocation();
      Why = "%0 is destroyed without release() when this exception leaves "
            "its scope";
    } else if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Where)) {
      At = CS->getRBracLoc();
    } else if (isa_and_nonnull<ReturnStmt>(Where)) {
      At = Where->getBeginLoc();
      Why = "%0 is destroyed without release() when this return leaves its "
            "scope";
    } else if (isa_and_nonnull<BreakStmt, ContinueStmt, GotoStmt>(Where)) {
      At = Where->getBeginLoc();
      Why = "%0 is destroyed without release() when this jump leaves its "
            "scope";
    } else if (Where) {
      At = Where->getEndLoc();
    }
    if (At.isValid())
      diag(fileLoc(At), Why, DiagnosticIDs::Note) << Tape;
  }
}

std::optional<FixItHint>
PersistentNotReleasedCheck::releaseFix(const FunctionUnit &U,
                                       const TapeRoot &Root,
                                       const ASTContext &Ctx) const {
  // Mechanical only when the tape is never released and its block is left
  // by falling off its end: then `tape.release();` after the last statement
  // that uses the tape runs on every path.
  const CompoundStmt *Block = Root.EnclosingBlock;
  if (!Block || !Root.DeclStatement || !SM)
    return std::nullopt;
  for (const FunctionUnit *V : U.selfAndNested())
    for (const TapeEvent &E : V->events())
      if (E.Tape == Root.Decl && E.mayRelease())
        return std::nullopt;
  const Stmt *Last = nullptr;
  bool SeenDecl = false;
  for (const Stmt *S : Block->body()) {
    if (!SeenDecl) {
      SeenDecl = S == Root.DeclStatement;
      if (SeenDecl)
        Last = S;
      continue;
    }
    if (mayJumpOut(S, false))
      return std::nullopt;
    if (U.refersTo(S, Root.Decl))
      Last = S;
  }
  if (!SeenDecl || !Last)
    return std::nullopt;
  SourceLocation Begin = Last->getBeginLoc();
  SourceLocation End = Last->getEndLoc();
  if (Begin.isMacroID() || End.isMacroID() || End.isInvalid())
    return std::nullopt;
  const LangOptions &LO = Ctx.getLangOpts();
  SourceLocation After;
  bool Invalid = false;
  const char *C = SM->getCharacterData(End, &Invalid);
  if (!Invalid && C && (*C == ';' || *C == '}')) {
    After = End.getLocWithOffset(1);
  } else {
    std::optional<Token> Next = Lexer::findNextToken(End, *SM, LO);
    if (!Next || !Next->is(tok::semi))
      return std::nullopt;
    After = Next->getEndLoc();
  }
  // Indent like the statement.
  llvm::StringRef Indent;
  std::pair<FileID, unsigned> Decomposed = SM->getDecomposedLoc(Begin);
  llvm::StringRef Buffer = SM->getBufferData(Decomposed.first, &Invalid);
  if (Invalid)
    return std::nullopt;
  unsigned LineStart = Decomposed.second;
  while (LineStart > 0 && Buffer[LineStart - 1] != '\n')
    --LineStart;
  unsigned IndentEnd = LineStart;
  while (IndentEnd < Buffer.size() &&
         (Buffer[IndentEnd] == ' ' || Buffer[IndentEnd] == '\t'))
    ++IndentEnd;
  Indent = Buffer.substr(LineStart, IndentEnd - LineStart);
  std::string Text =
      ("\n" + Indent + Root.Decl->getName() + ".release();").str();
  return FixItHint::CreateInsertion(After, Text);
}

} // namespace clang::tidy::tapecheck
