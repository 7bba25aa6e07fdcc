// A translation unit for the reliability test (test/reliability/): a broad
// set of LLVM and Clang headers (ADT, Support, clang AST, ASTMatchers, Basic,
// Lex), included through -I (not -isystem), so the tape-* checks see their
// inline functions and templates as user code, plus a little code that
// instantiates some of them. Nothing here is a tape: every tape-* check must
// stay silent, and tape-tidy must neither crash nor hang.
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/ImmutableMap.h"
#include "llvm/ADT/IntervalMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/PointerIntPair.h"
#include "llvm/ADT/PointerUnion.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/SparseBitVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"
#include "llvm/ADT/iterator_range.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Compiler.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/ErrorOr.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtVisitor.h"
#include "clang/AST/Type.h"
#include "clang/AST/TypeLoc.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/IdentifierTable.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Basic/TokenKinds.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/Token.h"

#include <string>
#include <vector>

namespace reliability {

using namespace clang::ast_matchers;

// A visitor: instantiates RecursiveASTVisitor's very large traversal code.
class CallCounter : public clang::RecursiveASTVisitor<CallCounter> {
 public:
  bool VisitCallExpr(clang::CallExpr* call) {
    if (const clang::FunctionDecl* callee = call->getDirectCallee())
      ++counts_[callee->getName()];
    return true;
  }
  const llvm::StringMap<unsigned>& counts() const { return counts_; }

 private:
  llvm::StringMap<unsigned> counts_;
};

// A matcher callback, the shape every clang-tidy check has.
class GradientCallCollector : public MatchFinder::MatchCallback {
 public:
  void run(const MatchFinder::MatchResult& result) override {
    if (const auto* call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("call"))
      calls_.push_back(call->getBeginLoc());
  }
  void registerOn(MatchFinder& finder) {
    finder.addMatcher(
        cxxMemberCallExpr(callee(cxxMethodDecl(hasName("gradient"))),
                          unless(isExpansionInSystemHeader()),
                          hasAncestor(functionDecl(isDefinition()).bind("fn")))
            .bind("call"),
        this);
  }
  llvm::ArrayRef<clang::SourceLocation> calls() const { return calls_; }

 private:
  llvm::SmallVector<clang::SourceLocation, 8> calls_;
};

// The CFG of every function body, walked in reverse post-order.
unsigned countBlocks(const clang::FunctionDecl* fn, clang::ASTContext& ctx) {
  if (!fn->hasBody()) return 0;
  clang::CFG::BuildOptions options;
  options.AddImplicitDtors = true;
  options.AddTemporaryDtors = true;
  std::unique_ptr<clang::CFG> cfg = clang::CFG::buildCFG(fn, fn->getBody(), &ctx, options);
  if (!cfg) return 0;
  unsigned n = 0;
  llvm::ReversePostOrderTraversal<const clang::CFG*> rpo(cfg.get());
  for (const clang::CFGBlock* block : rpo) {
    (void)block;
    ++n;
  }
  return n;
}

// ADT containers used together, with error handling through llvm::Expected.
llvm::Expected<unsigned> summarize(llvm::ArrayRef<std::string> words) {
  llvm::DenseMap<unsigned, llvm::SmallVector<llvm::StringRef, 4>> byLength;
  llvm::StringMap<unsigned> seen;
  llvm::SetVector<llvm::StringRef> order;
  llvm::BitVector lengths(64);
  for (const std::string& w : words) {
    if (w.size() >= 64)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     llvm::formatv("word too long: {0}", w.size()));
    byLength[w.size()].push_back(w);
    ++seen[w];
    order.insert(w);
    lengths.set(w.size());
  }
  auto cleanup = llvm::make_scope_exit([&] { byLength.clear(); });
  llvm::SmallString<128> joined;
  for (llvm::StringRef w : order) {
    if (!joined.empty()) joined += ",";
    joined += w.upper();
  }
  unsigned kind = llvm::StringSwitch<unsigned>(joined.str())
                      .Case("", 0)
                      .StartsWith("A", 1)
                      .Default(2);
  llvm::APInt big(128, joined.size());
  big = big.shl(70) + llvm::APInt(128, kind);
  llvm::APFloat f(llvm::APFloat::IEEEdouble(), "1.5");
  bool lost = false;
  f.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven, &lost);
  llvm::json::Object obj{{"words", static_cast<int64_t>(words.size())},
                         {"distinct", static_cast<int64_t>(seen.size())},
                         {"lengths", static_cast<int64_t>(lengths.count())}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(obj)) << big.popcount();
  if (llvm::any_of(words, [](const std::string& w) { return w.empty(); }))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "empty word");
  return static_cast<unsigned>(llvm::count_if(order, [](llvm::StringRef w) {
    return llvm::isAlpha(w.front());
  }) + kind + (lost ? 1 : 0));
}

unsigned useAll(clang::ASTContext& ctx, clang::TranslationUnitDecl* tu) {
  CallCounter counter;
  counter.TraverseDecl(tu);
  MatchFinder finder;
  GradientCallCollector collector;
  collector.registerOn(finder);
  finder.matchAST(ctx);
  unsigned blocks = 0;
  for (const clang::Decl* d : tu->decls())
    if (const auto* fn = llvm::dyn_cast<clang::FunctionDecl>(d)) blocks += countBlocks(fn, ctx);
  auto words = summarize({"alpha", "beta", "gamma"});
  if (!words) {
    llvm::consumeError(words.takeError());
    return 0;
  }
  return blocks + *words + collector.calls().size() + counter.counts().size();
}

}  // namespace reliability
