// Runs the tape-* checks in-process (clang::tidy::runClangTidy with an
// in-memory file system) and returns their findings in a test-friendly form.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tapetest {

struct Note {
  std::string File;  // empty when in the main file
  unsigned Line = 0;
  std::string Message;
};

struct Replacement {
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;
};

struct Finding {
  std::string Check;  // e.g. "tape-nonpersistent-reuse", "clang-diagnostic-error"
  std::string File;   // empty when in the main file
  unsigned Line = 0;  // 1-based, in File (or the main file)
  std::string Message;
  std::vector<Note> Notes;
  std::vector<Replacement> Fixes;  // in the main file
};

struct RunOptions {
  std::string Checks = "-*,tape-*";
  std::map<std::string, std::string> CheckOptions;
  std::vector<std::string> ExtraArgs;
  // Name of the virtual main file (in the build directory, which exists).
  std::string FileName = "input.cpp";
};

// Runs the checks on `Code` (a complete translation unit that may include
// <tape/tape.hpp>). Diagnostics from included headers are kept (File set).
std::vector<Finding> runChecks(const std::string& Code, const RunOptions& Options = {});

// Runs the checks on a file on disk with the given compiler arguments.
std::vector<Finding> runChecksOnFile(const std::string& Path,
                                     const std::vector<std::string>& Args,
                                     const std::string& Checks = "-*,tape-*");

// "<line>:<check>" for every finding of a tape-* check in the main file,
// sorted; convenient for EXPECT_THAT(..., ElementsAre(...)).
std::vector<std::string> lineChecks(const std::vector<Finding>& Findings);

// The line of the first line of `Code` containing `Needle` (1-based), or 0.
unsigned lineOf(const std::string& Code, const std::string& Needle, unsigned Occurrence = 1);

// Applies the fixes of every finding to `Code`.
std::string applyFixes(const std::string& Code, const std::vector<Finding>& Findings);

}  // namespace tapetest
