#include "TidyRunner.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

#ifndef TAPE_TEST_WORKDIR
#error "TAPE_TEST_WORKDIR must name an existing directory"
#endif
#ifndef TAPE_RUNTIME_INCLUDE
#error "TAPE_RUNTIME_INCLUDE must name runtime/include"
#endif
#ifndef TAPE_CLANG_RESOURCE_DIR
#define TAPE_CLANG_RESOURCE_DIR ""
#endif

namespace tapetest {

namespace {

unsigned lineAt(llvm::StringRef Text, unsigned Offset) {
  Offset = std::min<unsigned>(Offset, Text.size());
  return 1 + static_cast<unsigned>(Text.take_front(Offset).count('\n'));
}

// Line numbers for files other than the main one are read from disk.
unsigned lineIn(const std::string& File, unsigned Offset, const std::string& MainPath,
                const std::string& MainCode) {
  if (File == MainPath) return lineAt(MainCode, Offset);
  auto Buffer = llvm::MemoryBuffer::getFile(File);
  if (!Buffer) return 0;
  return lineAt((*Buffer)->getBuffer(), Offset);
}

std::vector<Finding> convert(const std::vector<clang::tidy::ClangTidyError>& Errors,
                             const std::string& MainPath, const std::string& MainCode) {
  std::vector<Finding> Out;
  for (const clang::tidy::ClangTidyError& E : Errors) {
    Finding F;
    F.Check = E.DiagnosticName;
    F.File = E.Message.FilePath == MainPath ? "" : E.Message.FilePath;
    F.Line = lineIn(E.Message.FilePath, E.Message.FileOffset, MainPath, MainCode);
    F.Message = E.Message.Message;
    for (const clang::tooling::DiagnosticMessage& N : E.Notes) {
      Note Nt;
      Nt.File = N.FilePath == MainPath ? "" : N.FilePath;
      Nt.Line = lineIn(N.FilePath, N.FileOffset, MainPath, MainCode);
      Nt.Message = N.Message;
      F.Notes.push_back(Nt);
    }
    for (const auto& FileFix : E.Message.Fix)
      for (const clang::tooling::Replacement& R : FileFix.second)
        if (R.getFilePath() == MainPath)
          F.Fixes.push_back({R.getOffset(), R.getLength(), R.getReplacementText().str()});
    Out.push_back(std::move(F));
  }
  return Out;
}

std::vector<clang::tidy::ClangTidyError> run(const std::string& Path, const std::vector<std::string>& Args,
                                             const RunOptions& Options,
                                             llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS) {
  clang::tidy::ClangTidyGlobalOptions Global;
  clang::tidy::ClangTidyOptions Opts = clang::tidy::ClangTidyOptions::getDefaults();
  Opts.Checks = Options.Checks;
  Opts.HeaderFilterRegex = ".*";  // report findings in any non-system header too
  Opts.SystemHeaders = false;
  for (const auto& [Key, Value] : Options.CheckOptions)
    Opts.CheckOptions[Key] = clang::tidy::ClangTidyOptions::ClangTidyValue(Value);
  clang::tidy::ClangTidyContext Context(
      std::make_unique<clang::tidy::DefaultOptionsProvider>(Global, Opts));
  std::vector<std::string> FullArgs = Args;
  if (std::string(TAPE_CLANG_RESOURCE_DIR).size() > 0)
    FullArgs.insert(FullArgs.begin(), std::string("-resource-dir=") + TAPE_CLANG_RESOURCE_DIR);
  clang::tooling::FixedCompilationDatabase Compilations(TAPE_TEST_WORKDIR, FullArgs);
  return clang::tidy::runClangTidy(Context, Compilations, {Path}, std::move(FS),
                                   /*ApplyAnyFix=*/false);
}

}  // namespace

std::vector<Finding> runChecks(const std::string& Code, const RunOptions& Options) {
  const std::string Path = std::string(TAPE_TEST_WORKDIR) + "/" + Options.FileName;
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Code, Path));
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  Overlay->pushOverlay(Memory);
  std::vector<std::string> Args = {"-std=c++20", std::string("-I") + TAPE_RUNTIME_INCLUDE};
  Args.insert(Args.end(), Options.ExtraArgs.begin(), Options.ExtraArgs.end());
  return convert(run(Path, Args, Options, Overlay), Path, Code);
}

std::vector<Finding> runChecksOnFile(const std::string& Path, const std::vector<std::string>& Args,
                                     const std::string& Checks) {
  RunOptions Options;
  Options.Checks = Checks;
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  std::string Code;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path)) Code = (*Buffer)->getBuffer().str();
  return convert(run(Path, Args, Options, Overlay), Path, Code);
}

std::vector<std::string> lineChecks(const std::vector<Finding>& Findings) {
  std::vector<std::string> Out;
  for (const Finding& F : Findings)
    if (F.File.empty() && F.Check.rfind("tape-", 0) == 0)
      Out.push_back(std::to_string(F.Line) + ":" + F.Check);
  std::sort(Out.begin(), Out.end(), [](const std::string& A, const std::string& B) {
    unsigned LA = std::stoul(A), LB = std::stoul(B);
    return LA != LB ? LA < LB : A < B;
  });
  return Out;
}

unsigned lineOf(const std::string& Code, const std::string& Needle, unsigned Occurrence) {
  size_t Pos = std::string::npos;
  size_t From = 0;
  for (unsigned I = 0; I < Occurrence; ++I) {
    Pos = Code.find(Needle, From);
    if (Pos == std::string::npos) return 0;
    From = Pos + 1;
  }
  return lineAt(Code, static_cast<unsigned>(Pos));
}

std::string applyFixes(const std::string& Code, const std::vector<Finding>& Findings) {
  std::vector<Replacement> All;
  for (const Finding& F : Findings) All.insert(All.end(), F.Fixes.begin(), F.Fixes.end());
  std::sort(All.begin(), All.end(),
            [](const Replacement& A, const Replacement& B) { return A.Offset > B.Offset; });
  std::string Out = Code;
  for (const Replacement& R : All) Out.replace(R.Offset, R.Length, R.Text);
  return Out;
}

}  // namespace tapetest
