// Reading tape-confirm's inputs: clang-tidy's --export-fixes YAML (through
// Clang's own YAML mapping for tooling diagnostics) and the runtime's JSONL.
#include <algorithm>
#include <limits>

#include "Confirm.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/YAMLTraits.h"

namespace tape::confirm {

namespace {

llvm::Error inputError(const llvm::Twine& message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readFile(llvm::StringRef path,
                                                              llvm::StringRef what) {
  if (llvm::sys::fs::is_directory(path))
    return inputError("cannot read " + what + " '" + path + "': it is a directory");
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return inputError("cannot read " + what + " '" + path + "': " + buffer.getError().message());
  return std::move(*buffer);
}

// How deep JSON arrays and objects nest in `line` (strings skipped), stopping
// as soon as it exceeds kMaxNesting.
unsigned jsonNesting(llvm::StringRef line) {
  unsigned depth = 0, deepest = 0;
  bool inString = false, escaped = false;
  for (char c : line) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > kMaxNesting) break;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// One YAML document of an export-fixes file: tape-confirm reads each with its
// own llvm::yaml::Stream and Input and never steps from one document to the
// next inside LLVM (LLVM 19's Input::nextDocument stepped past the last
// document into a null one, in Document::skip, when the file ended with an
// empty document: fuzz/corpus/confirm_yaml/llvm-document-skip*.yaml).
struct YamlDocument {
  llvm::StringRef text;    // a slice of the file, from the start of a line
  unsigned firstLine = 1;  // the file's line (SourceMgr counting) text starts on
  // text ends with a "---" line with no line break after it, which LLVM's
  // scanner would take for a plain scalar; read with a line break added.
  bool bareEndMarker = false;

  // What the YAML readers get (a std::string kept by the caller when a line
  // break had to be added), named after the file so diagnostics name it too.
  llvm::MemoryBufferRef buffer(llvm::StringRef path, std::string& storage) const {
    if (!bareEndMarker) return llvm::MemoryBufferRef(text, path);
    storage = (text + "\n").str();
    return llvm::MemoryBufferRef(storage, path);
  }
  // The file's line for a line of this document's text (both 1-based).
  int fileLine(int line) const { return line > 0 ? line + static_cast<int>(firstLine) - 1 : line; }
};

// The byte order mark LLVM's YAML scanner skips at the start of a stream
// (UTF-32, UTF-16 or UTF-8), dropped from the front of `line`. Each document
// is a stream of its own to the scanner.
llvm::StringRef dropByteOrderMark(llvm::StringRef line) {
  for (llvm::StringRef bom : {llvm::StringRef("\0\0\xFE\xFF", 4), llvm::StringRef("\xFF\xFE\0\0", 4),
                              llvm::StringRef("\xFF\xFE"), llvm::StringRef("\xFE\xFF"),
                              llvm::StringRef("\xEF\xBB\xBF")})
    if (line.consume_front(bom)) break;
  return line;
}

// One line of YAML text, split as LLVM's scanner splits it: lines end at
// "\n", "\r\n" or a lone "\r", and SourceMgr, which numbers the lines of
// its messages, counts only the first two as line breaks.
struct TextLine {
  llvm::StringRef content;  // without its line break
  std::size_t start = 0;    // offset of the line in the text
  std::size_t next = 0;     // offset of the line after it
  unsigned number = 0;      // its line number
  unsigned nextNumber = 0;  // the number of the line after it
};

// Reads `text` a line at a time; its first line has the number `firstLine`.
class TextLines {
 public:
  TextLines(llvm::StringRef text, unsigned firstLine) : text_(text), number_(firstLine) {}

  bool next(TextLine& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t eol = std::min(text_.find_first_of("\r\n", pos_), text_.size());
    std::size_t after = eol;
    if (after < text_.size()) after += text_.substr(after, 2) == "\r\n" ? 2 : 1;
    const unsigned nextNumber = number_ + (text_.slice(eol, after).ends_with("\n") ? 1 : 0);
    line = {text_.slice(pos_, eol), pos_, after, number_, nextNumber};
    pos_ = after;
    number_ = nextNumber;
    return true;
  }

 private:
  llvm::StringRef text_;
  std::size_t pos_ = 0;
  unsigned number_;
};

// Splits an export-fixes file into its YAML documents at the lines LLVM's
// scanner takes for document markers: "---" or "..." at the start of a line
// (lines end at "\n", "\r\n" or a lone "\r"), then a space, a tab, the end of
// the line or of the file. A "---" line starts a document, together with the
// directives ("%YAML ...") just before it; a "..." line ends one and is not
// part of it (only a comment may follow it on its line). Pieces of blank lines
// and comments are kept: the YAML parser finds them empty. Line numbers stay
// the file's: each piece knows the line it starts on.
llvm::Error splitYamlDocuments(llvm::MemoryBufferRef buffer, std::vector<YamlDocument>& out) {
  const llvm::StringRef text = buffer.getBuffer();
  constexpr std::size_t npos = llvm::StringRef::npos;
  YamlDocument current;
  std::size_t currentStart = 0;
  bool beforeStart = true;  // only blank, comment and directive lines so far
  std::size_t directives = npos;  // directive lines after the content, and their line
  unsigned directivesLine = 0;
  auto finish = [&](std::size_t end) {
    if (end > currentStart) {
      current.text = text.slice(currentStart, end);
      out.push_back(current);
    }
    current = YamlDocument();
  };
  TextLines lines(text, 1);
  for (TextLine line; lines.next(line);) {
    llvm::StringRef content = line.content;
    if (line.start == currentStart) content = dropByteOrderMark(content);
    auto isMarker = [&](llvm::StringRef marker) {
      return content.starts_with(marker) &&
             (content.size() == 3 || content[3] == ' ' || content[3] == '\t');
    };
    if (isMarker("---")) {
      if (!beforeStart) {  // ends the document before it
        std::size_t start = line.start;
        unsigned startLine = line.number;
        if (directives != npos) {
          start = directives;
          startLine = directivesLine;
        }
        finish(start);
        currentStart = start;
        current.firstLine = startLine;
      }
      beforeStart = false;
      directives = npos;
      current.bareEndMarker = content.size() == 3 && line.content.end() == text.end();
    } else if (isMarker("...")) {
      llvm::StringRef rest = content.drop_front(3).ltrim(" \t");
      if (!rest.empty() && !rest.starts_with("#"))
        return inputError(buffer.getBufferIdentifier() + ":" + llvm::Twine(line.number) + ":" +
                          llvm::Twine(rest.data() - line.content.data() + 1) +
                          ": malformed export-fixes YAML: only a comment may follow the document "
                          "end marker '...' on its line");
      finish(line.start);
      currentStart = line.next;
      current.firstLine = line.nextNumber;
      beforeStart = true;
      directives = npos;
    } else if (content.starts_with("%")) {
      if (!beforeStart && directives == npos) {
        directives = line.start;
        directivesLine = line.number;
      }
    } else if (!content.ltrim(" \t").empty() && !content.ltrim(" \t").starts_with("#")) {
      beforeStart = false;
      directives = npos;
    }
  }
  finish(text.size());
  return llvm::Error::success();
}

// The first problem the YAML parser reports, with its position in the file.
struct YamlProblem {
  llvm::StringRef path;
  const YamlDocument* document = nullptr;
  std::string text;
};

void captureYamlDiagnostic(const llvm::SMDiagnostic& diag, void* context) {
  auto* problem = static_cast<YamlProblem*>(context);
  if (!problem->text.empty()) return;
  const YamlDocument& document = *problem->document;
  // A message about a node without a position (LLVM says "<unknown>:0:0")
  // points at the document.
  if (!diag.getLoc().isValid()) {
    problem->text = (problem->path + ":" + llvm::Twine(document.firstLine) +
                     ": malformed export-fixes YAML: " + diag.getMessage())
                        .str();
    return;
  }
  problem->text = (diag.getFilename() + ":" + llvm::Twine(document.fileLine(diag.getLineNo())) +
                   ":" + llvm::Twine(diag.getColumnNo() + 1) + ": malformed export-fixes YAML: " +
                   diag.getMessage())
                      .str();
}

// LLVM's YAML scanner stops without a message at a directive other than
// %YAML and %TAG at the start of a line; the parser then sees the document
// end there. The first such line of `document`, as an error.
llvm::Error unknownDirective(llvm::StringRef path, const YamlDocument& document) {
  TextLines lines(document.text, document.firstLine);
  for (TextLine line; lines.next(line);) {
    llvm::StringRef content = line.start == 0 ? dropByteOrderMark(line.content) : line.content;
    if (content.consume_front("%")) {
      const llvm::StringRef name = content.take_until([](char c) { return c == ' ' || c == '\t'; });
      if (name != "YAML" && name != "TAG")
        return inputError(path + ":" + llvm::Twine(line.number) + ":1: malformed export-fixes YAML: " +
                          "unknown directive '%" + name + "' (only %YAML and %TAG can be read)");
    }
  }
  return inputError(path + ":" + llvm::Twine(document.firstLine) +
                    ": malformed export-fixes YAML: the YAML reader stopped before the end of "
                    "this document without saying why");
}

// The start of the last line of `text` with something other than blanks and
// a comment on it (invalid when there is none).
llvm::SMLoc lastContentLine(llvm::StringRef text) {
  llvm::SMLoc last;
  TextLines lines(text, 1);
  for (TextLine line; lines.next(line);) {
    const llvm::StringRef content = line.content.ltrim(" \t");
    if (!content.empty() && !content.starts_with("#"))
      last = llvm::SMLoc::getFromPointer(line.content.data());
  }
  return last;
}

// What walking a document's collections found: one nested deeper than
// kMaxNesting (and where it starts), and whether the walk reached the end (it
// stops at a syntax error or where the scanner stopped without a message).
struct NestingWalk {
  bool tooDeep = false;
  llvm::SMLoc deepest;
  bool complete = false;
};

// Walks the collections under `root` with an explicit stack, using the
// parser's lazy collections: a child is consumed completely before its parent
// moves on, so no skip() recurses. Stops as soon as `failed()`.
NestingWalk walkNesting(llvm::yaml::Node* root, llvm::function_ref<bool()> failed) {
  struct Frame {
    llvm::yaml::SequenceNode* seq = nullptr;
    llvm::yaml::SequenceNode::iterator seqIt;
    llvm::yaml::MappingNode* map = nullptr;
    llvm::yaml::MappingNode::iterator mapIt;
    int stage = 0;  // mappings: 0 key next, 1 value next, 2 advance
  };
  std::vector<Frame> stack;
  NestingWalk walk;
  // Pushes `n` when it is a collection; false when it nests too deep.
  auto enter = [&](llvm::yaml::Node* n) {
    Frame f;
    if (auto* seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(n)) {
      f.seq = seq;
      f.seqIt = seq->begin();
    } else if (auto* map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(n)) {
      f.map = map;
      f.mapIt = map->begin();
    } else {
      return true;
    }
    if (stack.size() >= kMaxNesting) {
      walk.tooDeep = true;
      walk.deepest = n->getSourceRange().Start;
      return false;
    }
    stack.push_back(f);
    return true;
  };
  if (!enter(root)) return walk;
  while (!stack.empty() && !failed()) {
    Frame& top = stack.back();
    llvm::yaml::Node* child = nullptr;
    if (top.seq) {
      if (top.seqIt == top.seq->end()) {
        stack.pop_back();
        continue;
      }
      if (top.stage == 1) {  // the current entry is done
        ++top.seqIt;
        top.stage = 0;
        continue;
      }
      child = &*top.seqIt;
      top.stage = 1;
    } else {
      if (top.mapIt == top.map->end()) {
        stack.pop_back();
        continue;
      }
      if (top.stage == 2) {
        ++top.mapIt;
        top.stage = 0;
        continue;
      }
      child = top.stage == 0 ? top.mapIt->getKey() : top.mapIt->getValue();
      ++top.stage;
      if (!child) break;  // a syntax error, or the scanner stopped silently
    }
    if (!enter(child)) return walk;
  }
  walk.complete = stack.empty();
  return walk;
}

// Checks one document, without recursion, before llvm::yaml::Input reads it:
// no YAML collection nests deeper than kMaxNesting (Input builds its node tree
// recursively), the scanner does not stop early without a message (Input
// would read a truncated document), and nothing follows the root node (LLVM
// would read it as another document; Input does not look). Syntax errors
// inside the root are left for the real parse to report. Returns whether the
// document has a root node to read (false: empty, nothing to read).
llvm::Expected<bool> checkYamlDocument(const YamlDocument& document, llvm::MemoryBufferRef buffer) {
  llvm::SourceMgr sm;
  YamlProblem problem;
  problem.path = buffer.getBufferIdentifier();
  problem.document = &document;
  sm.setDiagHandler(captureYamlDiagnostic, &problem);
  llvm::yaml::Stream stream(buffer, sm);
  auto failed = [&] { return !problem.text.empty() || stream.failed(); };
  auto error = [&](llvm::SMLoc at, const llvm::Twine& what) {
    const int line = at.isValid() ? document.fileLine(sm.getLineAndColumn(at).first) : 0;
    return inputError(buffer.getBufferIdentifier() + (line > 0 ? ":" + llvm::Twine(line) : "") +
                      ": malformed export-fixes YAML: " + what);
  };
  // Where the scanner stopped without a message: a node is missing, and no
  // problem was reported (Input would read on as if the document ended).
  auto stoppedSilently = [&] { return unknownDirective(buffer.getBufferIdentifier(), document); };
  llvm::yaml::document_iterator doc = stream.begin();
  llvm::yaml::Node* root = doc->getRoot();
  if (failed()) return true;
  if (!root) return stoppedSilently();
  const llvm::SMLoc rootStart = root->getSourceRange().Start;
  // Looks past the root once it is read completely (skipping it is then
  // cheap), where Input does not look: the document has no marker lines, so
  // a node there is a second root, which LLVM would read as another document.
  // Problems found there are reported here. Stepping on frees the nodes read
  // so far, root included.
  auto nothingFollows = [&]() -> llvm::Error {
    ++doc;
    if (!problem.text.empty()) return inputError(problem.text);
    if (doc == stream.end()) return llvm::Error::success();
    llvm::yaml::Node* extra = doc->getRoot();
    if (!problem.text.empty()) return inputError(problem.text);
    if (!extra) return stoppedSilently();
    llvm::SMLoc at = extra->getSourceRange().Start;
    // An empty node (an anchor or tag alone) is placed at the end of the
    // document, after the last line that has anything: that line has it.
    if (llvm::isa<llvm::yaml::NullNode>(extra)) at = lastContentLine(buffer.getBuffer());
    return error(at.isValid() ? at : rootStart,
                 "a second top-level node in one document (start another document with '---')");
  };
  if (llvm::isa<llvm::yaml::NullNode>(root)) {
    if (llvm::Error e = nothingFollows()) return std::move(e);
    return false;
  }

  const NestingWalk walk = walkNesting(root, failed);
  if (walk.tooDeep)
    return error(walk.deepest,
                 "collections nested deeper than " + llvm::Twine(kMaxNesting) + " levels");
  // Stopped at a syntax error: moving on would skip the rest of this document
  // recursively; the real parse reports the error.
  if (failed()) return true;
  if (!walk.complete) return stoppedSilently();

  if (llvm::Error e = nothingFollows()) return std::move(e);
  return true;
}

// "file:line" of the index-th (1-based) entry of the Diagnostics sequence of
// `document`, to point at a diagnostic that parsed but makes no sense. Falls
// back to the file name alone.
std::string yamlPosition(llvm::StringRef yamlPath, const YamlDocument& document, unsigned index) {
  llvm::SourceMgr sm;
  sm.setDiagHandler([](const llvm::SMDiagnostic&, void*) {});
  std::string text;
  llvm::yaml::Stream stream(document.buffer(yamlPath, text), sm);
  auto* root = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(stream.begin()->getRoot());
  if (!root) return yamlPath.str();
  for (llvm::yaml::KeyValueNode& kv : *root) {
    auto* key = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(kv.getKey());
    llvm::SmallString<32> storage;
    if (!key || key->getValue(storage) != "Diagnostics") continue;
    auto* seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(kv.getValue());
    if (!seq) break;
    unsigned i = 0;
    for (llvm::yaml::Node& entry : *seq) {
      if (++i != index) continue;
      const unsigned line = sm.getLineAndColumn(entry.getSourceRange().Start).first;
      return (yamlPath + ":" + llvm::Twine(document.fileLine(static_cast<int>(line)))).str();
    }
    break;
  }
  return yamlPath.str();
}

}  // namespace

llvm::StringRef stateName(State s) {
  switch (s) {
    case State::Confirmed: return "confirmed";
    case State::StaticOnly: return "static-only";
    case State::RuntimeOnly: return "runtime-only";
  }
  return "?";
}

llvm::StringRef stateLabel(State s) {
  switch (s) {
    case State::Confirmed: return "confirmed";
    case State::StaticOnly: return "static only";
    case State::RuntimeOnly: return "runtime only";
  }
  return "?";
}

bool isTapeCheck(llvm::StringRef check) { return check.starts_with("tape-"); }

std::string normalizePath(llvm::StringRef path, llvm::StringRef baseDir) {
  llvm::SmallString<256> abs(path);
  if (!llvm::sys::path::is_absolute(abs)) {
    if (!baseDir.empty()) {
      llvm::SmallString<256> base(baseDir);
      llvm::sys::fs::make_absolute(base);
      llvm::sys::path::append(base, path);
      abs = base;
    } else {
      llvm::sys::fs::make_absolute(abs);
    }
  }
  llvm::sys::path::remove_dots(abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(abs, real)) return std::string(real);
  return std::string(abs);
}

SourceFiles::SourceFiles() : fs_(llvm::vfs::getRealFileSystem()) {}

SourceFiles::SourceFiles(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs)
    : fs_(std::move(fs)) {}

llvm::Expected<llvm::StringRef> SourceFiles::contents(llvm::StringRef absPath) {
  auto it = files_.find(absPath);
  if (it != files_.end()) return it->second.buffer->getBuffer();
  auto fail = [&](const llvm::Twine& why) {
    return inputError("cannot read source file '" + absPath + "': " + why);
  };
  // Regular files only: a path naming /dev/zero or a FIFO would never end.
  llvm::ErrorOr<llvm::vfs::Status> status = fs_->status(absPath);
  if (!status) return fail(status.getError().message());
  if (status->isDirectory()) return fail("it is a directory");
  if (status->getType() != llvm::sys::fs::file_type::regular_file)
    return fail("it is not a regular file");
  auto buffer = fs_->getBufferForFile(absPath);
  if (!buffer) return fail(buffer.getError().message());
  llvm::StringRef text = (*buffer)->getBuffer();
  files_[absPath].buffer = std::move(*buffer);
  return text;
}

const std::vector<std::size_t>& SourceFiles::lineStarts(Source& source) {
  std::vector<std::size_t>& starts = source.lineStarts;
  if (starts.empty()) {
    const llvm::StringRef text = source.buffer->getBuffer();
    starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

std::pair<unsigned, unsigned> SourceFiles::lineColumn(llvm::StringRef absPath,
                                                      std::size_t offset) {
  const std::vector<std::size_t>& starts = lineStarts(files_[absPath]);
  const auto next = std::upper_bound(starts.begin(), starts.end(), offset);
  const std::size_t line = static_cast<std::size_t>(next - starts.begin());
  return {static_cast<unsigned>(line), static_cast<unsigned>(offset - starts[line - 1] + 1)};
}

std::optional<llvm::StringRef> SourceFiles::lineText(llvm::StringRef absPath, unsigned line) {
  Source& source = files_[absPath];
  const std::vector<std::size_t>& starts = lineStarts(source);
  const llvm::StringRef text = source.buffer->getBuffer();
  // The empty "line" after a final newline is not a line of the file.
  if (line == 0 || line > starts.size() || (starts[line - 1] == text.size() && line > 1))
    return std::nullopt;
  return text.slice(starts[line - 1], line < starts.size() ? starts[line] - 1 : text.size());
}

llvm::Error loadStaticFindings(llvm::StringRef yamlPath, SourceFiles& sources,
                               std::vector<StaticFinding>& out) {
  auto buffer = readFile(yamlPath, "export-fixes file");
  if (!buffer) return buffer.takeError();
  return loadStaticFindingsFromBuffer((*buffer)->getMemBufferRef(), sources, out);
}

llvm::Error loadStaticFindingsFromBuffer(llvm::MemoryBufferRef yamlBuffer, SourceFiles& sources,
                                         std::vector<StaticFinding>& out) {
  const llvm::StringRef yamlPath = yamlBuffer.getBufferIdentifier();
  // run-clang-tidy empties the merged file when no check fired.
  if (yamlBuffer.getBuffer().trim().empty()) return llvm::Error::success();
  std::vector<YamlDocument> documents;
  if (llvm::Error e = splitYamlDocuments(yamlBuffer, documents)) return e;

  // Each document on its own: a Stream to check it, then an Input to read it
  // (empty documents are skipped, as Input itself would skip them).
  std::vector<std::pair<const YamlDocument*, clang::tooling::TranslationUnitDiagnostics>> units;
  for (const YamlDocument& document : documents) {
    std::string storage;
    const llvm::MemoryBufferRef buffer = document.buffer(yamlPath, storage);
    llvm::Expected<bool> hasRoot = checkYamlDocument(document, buffer);
    if (!hasRoot) return hasRoot.takeError();
    if (!*hasRoot) continue;
    YamlProblem problem;
    problem.path = yamlPath;
    problem.document = &document;
    llvm::yaml::Input yin(buffer, /*Ctxt=*/nullptr, captureYamlDiagnostic, &problem);
    clang::tooling::TranslationUnitDiagnostics unit;
    yin >> unit;
    if (yin.error()) {
      if (problem.text.empty())
        problem.text = (yamlPath + ":" + llvm::Twine(document.firstLine) +
                        ": malformed export-fixes YAML: " + yin.error().message())
                           .str();
      return inputError(problem.text);
    }
    units.emplace_back(&document, std::move(unit));
  }

  for (const auto& [document, unit] : units) {
    unsigned index = 0;
    for (const clang::tooling::Diagnostic& d : unit.Diagnostics) {
      ++index;
      if (!isTapeCheck(d.DiagnosticName)) continue;
      // Where the diagnostic is in the file: only needed for an error.
      auto where = [&, document = document] {
        return yamlPosition(yamlPath, *document, index) + ": diagnostic " + d.DiagnosticName;
      };
      if (d.Message.FilePath.empty())
        return inputError(where() + " has no FilePath, so it cannot be joined with runtime events");
      StaticFinding f;
      f.check = d.DiagnosticName;
      f.file = normalizePath(d.Message.FilePath, d.BuildDirectory);
      f.message = d.Message.Message;
      f.input = yamlPath.str();
      auto text = sources.contents(f.file);
      if (!text)
        return inputError(where() + " refers to a file that cannot be read: " +
                          llvm::toString(text.takeError()));
      const std::size_t offset = d.Message.FileOffset;
      if (offset > text->size())
        return inputError(where() + " has FileOffset " + llvm::Twine(offset) + " but '" + f.file +
                          "' has only " + llvm::Twine(text->size()) +
                          " bytes (was it edited after the analysis?)");
      std::tie(f.line, f.column) = sources.lineColumn(f.file, offset);
      out.push_back(std::move(f));
    }
  }
  return llvm::Error::success();
}

llvm::Error loadRuntimeEvents(llvm::StringRef jsonlPath, std::vector<RuntimeEvent>& out) {
  auto buffer = readFile(jsonlPath, "runtime events file");
  if (!buffer) return buffer.takeError();
  return loadRuntimeEventsFromBuffer((*buffer)->getMemBufferRef(), out);
}

llvm::Error loadRuntimeEventsFromBuffer(llvm::MemoryBufferRef jsonlBuffer,
                                        std::vector<RuntimeEvent>& out) {
  const llvm::StringRef jsonlPath = jsonlBuffer.getBufferIdentifier();
  llvm::StringRef rest = jsonlBuffer.getBuffer();
  unsigned lineNo = 0;
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    rest = tail;
    ++lineNo;
    line = line.rtrim("\r");
    if (line.trim().empty()) continue;
    auto where = [&] { return (jsonlPath + ":" + llvm::Twine(lineNo) + ": ").str(); };

    if (jsonNesting(line) > kMaxNesting)
      return inputError(where() + "malformed JSON: nested deeper than " + llvm::Twine(kMaxNesting) +
                        " levels");
    llvm::Expected<llvm::json::Value> value = llvm::json::parse(line);
    if (!value)
      return inputError(where() + "malformed JSON: " + llvm::toString(value.takeError()));
    const llvm::json::Object* obj = value->getAsObject();
    if (!obj) return inputError(where() + "an event must be a JSON object");

    auto requireString = [&](llvm::StringRef key) -> llvm::Expected<std::string> {
      const llvm::json::Value* v = obj->get(key);
      if (!v) return inputError(where() + "event has no \"" + key + "\" field");
      auto s = v->getAsString();
      if (!s) return inputError(where() + "event field \"" + key + "\" must be a string");
      if (s->empty()) return inputError(where() + "event field \"" + key + "\" is empty");
      return s->str();
    };
    auto optionalString = [&](llvm::StringRef key) -> llvm::Expected<std::string> {
      const llvm::json::Value* v = obj->get(key);
      if (!v) return std::string();
      auto s = v->getAsString();
      if (!s) return inputError(where() + "event field \"" + key + "\" must be a string");
      return s->str();
    };
    auto lineNumber = [&](llvm::StringRef key, bool required) -> llvm::Expected<unsigned> {
      const llvm::json::Value* v = obj->get(key);
      if (!v) {
        if (required) return inputError(where() + "event has no \"" + key + "\" field");
        return 0u;
      }
      auto n = v->getAsInteger();
      const std::int64_t least = required ? 1 : 0;
      if (!n || *n < least || *n > std::numeric_limits<std::int32_t>::max())
        return inputError(where() + "event field \"" + key + "\" must be an integer >= " +
                          llvm::Twine(least));
      return static_cast<unsigned>(*n);
    };

    RuntimeEvent e;
    auto check = requireString("check");
    if (!check) return check.takeError();
    auto file = requireString("file");
    if (!file) return file.takeError();
    auto lineField = lineNumber("line", /*required=*/true);
    if (!lineField) return lineField.takeError();
    auto column = lineNumber("column", /*required=*/false);
    if (!column) return column.takeError();
    auto message = optionalString("message");
    if (!message) return message.takeError();
    auto evidence = optionalString("evidence");
    if (!evidence) return evidence.takeError();
    if (!evidence->empty() && *evidence != "exact" && *evidence != "value")
      return inputError(where() + "event field \"evidence\" must be \"exact\" or \"value\", not \"" +
                        *evidence + "\"");
    if (!isTapeCheck(*check)) continue;

    e.check = std::move(*check);
    e.file = normalizePath(*file);
    e.line = *lineField;
    e.column = *column;
    e.message = std::move(*message);
    e.evidence = evidence->empty() ? "exact" : std::move(*evidence);
    e.input = jsonlPath.str();
    e.inputLine = lineNo;
    out.push_back(std::move(e));
  }
  return llvm::Error::success();
}

}  // namespace tape::confirm
