// tape-confirm: joins tape-tidy's static findings (clang-tidy --export-fixes
// YAML) with the runtime's events (TAPE_DIAGNOSTICS JSONL) by
// (check, file, line), and reports each finding as confirmed, static only or
// runtime only.
//
// Every input is read and validated completely before anything is written, so
// a bad input never leaves a partial report behind.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace tape::confirm {

// One tape-* diagnostic from an --export-fixes file, its offset resolved to a
// line and column (1-based, column in bytes).
struct StaticFinding {
  std::string check;
  std::string file;  // absolute, symlinks resolved
  unsigned line = 0;
  unsigned column = 0;
  std::string message;
  std::string input;  // the YAML file it came from
};

// One tape-* event from a runtime JSONL file.
struct RuntimeEvent {
  std::string check;
  std::string file;  // absolute, symlinks resolved where the file exists
  unsigned line = 0;
  unsigned column = 0;  // 0: not given
  std::string message;
  std::string evidence;  // "exact" (the default) or "value"
  std::string input;     // the JSONL file it came from
  unsigned inputLine = 0;
};

enum class State { Confirmed, StaticOnly, RuntimeOnly };

llvm::StringRef stateName(State s);   // "confirmed", "static-only", "runtime-only"
llvm::StringRef stateLabel(State s);  // "confirmed", "static only", "runtime only"

// What the static half said about one (check, file, line).
struct StaticSide {
  unsigned column = 0;
  std::string message;
  unsigned reports = 0;  // the same finding reported by several translation units
};

// What the runtime said about one (check, file, line).
struct RuntimeSide {
  unsigned column = 0;
  std::string message;
  unsigned events = 0;  // a gradient() in a loop reports every time it runs
  bool exact = false;   // at least one event rests on exact evidence
};

struct Finding {
  State state = State::Confirmed;
  std::string check;
  std::string file;
  unsigned line = 0;
  std::optional<StaticSide> staticSide;
  std::optional<RuntimeSide> runtimeSide;

  // The column to show: the static one when there is one.
  unsigned column() const;
  // The message to show: the static one when there is one.
  const std::string& message() const;
};

struct Counts {
  unsigned confirmed = 0;
  unsigned staticOnly = 0;
  unsigned runtimeOnly = 0;
  unsigned total() const { return confirmed + staticOnly + runtimeOnly; }
};

// Reads source files once and answers offset -> line/column questions.
class SourceFiles {
 public:
  // Reads from the real file system.
  SourceFiles();
  // Reads from `fs` only (the fuzzers give an in-memory one).
  explicit SourceFiles(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs);

  // The file's contents, or an error naming it. Only regular files are read.
  llvm::Expected<llvm::StringRef> contents(llvm::StringRef absPath);

  // The 1-based line and byte column of `offset` (at most the file's size)
  // in a file contents() has read. Line starts are found once per file, so
  // many diagnostics in one big file cost a binary search each.
  std::pair<unsigned, unsigned> lineColumn(llvm::StringRef absPath, std::size_t offset);

  // The text of 1-based `line` (without its newline) in a file contents()
  // has read, or nullopt when the file has no such line.
  std::optional<llvm::StringRef> lineText(llvm::StringRef absPath, unsigned line);

 private:
  struct Source {
    std::unique_ptr<llvm::MemoryBuffer> buffer;
    std::vector<std::size_t> lineStarts;  // empty until a line is asked for
  };
  static const std::vector<std::size_t>& lineStarts(Source& source);
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs_;
  llvm::StringMap<Source> files_;
};

// Inputs nested deeper than this (JSON arrays/objects, YAML collections) are
// rejected before they are parsed: LLVM's JSON and YAML readers recurse once
// per level, so a line of 100,000 '[' would overflow the stack. Real inputs
// nest 2 (JSONL) and 6 (YAML) levels deep.
inline constexpr unsigned kMaxNesting = 64;

// `path` made absolute (relative paths against `baseDir`, or the current
// directory when it is empty), dots removed, symlinks resolved when the file
// exists.
std::string normalizePath(llvm::StringRef path, llvm::StringRef baseDir = {});

bool isTapeCheck(llvm::StringRef check);

// Appends the tape-* diagnostics of one --export-fixes file. An empty file
// (what run-clang-tidy writes when nothing was found) holds no diagnostics.
llvm::Error loadStaticFindings(llvm::StringRef yamlPath, SourceFiles& sources,
                               std::vector<StaticFinding>& out);

// Appends the tape-* events of one runtime JSONL file.
llvm::Error loadRuntimeEvents(llvm::StringRef jsonlPath, std::vector<RuntimeEvent>& out);

// The same two readers on text already in memory (what the files above hold;
// the fuzzers call these). The buffer's identifier names it in messages.
llvm::Error loadStaticFindingsFromBuffer(llvm::MemoryBufferRef yaml, SourceFiles& sources,
                                         std::vector<StaticFinding>& out);
llvm::Error loadRuntimeEventsFromBuffer(llvm::MemoryBufferRef jsonl,
                                        std::vector<RuntimeEvent>& out);

// Joins by (check, file, line). The result is sorted by state (confirmed,
// static only, runtime only), then file, line and check.
std::vector<Finding> join(const std::vector<StaticFinding>& statics,
                          const std::vector<RuntimeEvent>& events);

Counts count(const std::vector<Finding>& findings);

struct ReportInputs {
  std::vector<std::string> staticFiles;
  std::vector<std::string> runtimeFiles;
  std::size_t staticFindings = 0;  // tape-* diagnostics read (before merging duplicates)
  std::size_t runtimeEvents = 0;   // tape-* events read
};

// Text from an input file (a message, a path, a check name) as one line of
// plain text for a terminal: the bytes of control characters (a newline, an
// escape sequence from a hostile event file, C1 controls) shown as \xNN.
std::string printable(llvm::StringRef text);

// The reports, written to `os` as they are made (no copy of the whole
// report in memory). The readable table (with counts) for a terminal:
void writeTable(const std::vector<Finding>& findings, const ReportInputs& inputs,
                bool showMessages, llvm::raw_ostream& os);

// The machine-readable report (--format=json).
void writeJson(const std::vector<Finding>& findings, const ReportInputs& inputs,
               llvm::raw_ostream& os);

// SARIF 2.1.0, in the shape Clang's SarifDocumentWriter gives (which this
// does not use: it keeps every result in memory twice). Levels: confirmed ->
// error, static only -> warning, runtime only -> warning (note when every
// event rests only on a matching value). Each result carries its state in
// the message text and in properties["tapecheck/state"]. Regions come from
// the source files, read through `sources`.
void writeSarif(const std::vector<Finding>& findings, SourceFiles& sources, llvm::raw_ostream& os);

}  // namespace tape::confirm
