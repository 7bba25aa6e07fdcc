// Reading tape-confirm's inputs: clang-tidy's --export-fixes YAML (through
// Clang's own YAML mapping for tooling diagnostics) and the runtime's JSONL.
#include <algorithm>
#include <limits>

#include "Confirm.h"
#include "clang/Tooling/DiagnosticsYaml.h"
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

// Checks, without recursion, that no YAML collection in `buffer` nests deeper
// than kMaxNesting (llvm::yaml::Input builds its node tree recursively). The
// walk uses the parser's lazy collections with an explicit stack; a child is
// consumed completely before its parent moves on, so no skip() recurses.
// Syntax errors are left for the real parse to report.
llvm::Error checkYamlNesting(llvm::MemoryBufferRef buffer) {
  llvm::SourceMgr sm;
  bool failed = false;
  sm.setDiagHandler([](const llvm::SMDiagnostic&, void* f) { *static_cast<bool*>(f) = true; },
                    &failed);
  llvm::yaml::Stream stream(buffer, sm);
  struct Frame {
    llvm::yaml::SequenceNode* seq = nullptr;
    llvm::yaml::SequenceNode::iterator seqIt;
    llvm::yaml::MappingNode* map = nullptr;
    llvm::yaml::MappingNode::iterator mapIt;
    int stage = 0;  // mappings: 0 key next, 1 value next, 2 advance
  };
  for (llvm::yaml::Document& doc : stream) {
    std::vector<Frame> stack;
    llvm::SMLoc deepest;
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
        deepest = n->getSourceRange().Start;
        return false;
      }
      stack.push_back(f);
      return true;
    };
    auto tooDeep = [&] {
      const unsigned line = deepest.isValid() ? sm.getLineAndColumn(deepest).first : 0;
      return inputError(buffer.getBufferIdentifier() + (line ? ":" + llvm::Twine(line) : "") +
                        ": malformed export-fixes YAML: collections nested deeper than " +
                        llvm::Twine(kMaxNesting) + " levels");
    };
    if (!enter(doc.getRoot())) return tooDeep();
    while (!stack.empty() && !failed && !stream.failed()) {
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
        if (!child) break;  // a syntax error: the real parse reports it
      }
      if (!enter(child)) return tooDeep();
    }
    // Stopped early (a syntax error): moving to the next document would skip
    // the rest of this one recursively.
    if (!stack.empty() || failed || stream.failed()) break;
  }
  return llvm::Error::success();
}

// The first problem the YAML parser reports, with its position.
struct YamlProblem {
  std::string text;
};

void captureYamlDiagnostic(const llvm::SMDiagnostic& diag, void* context) {
  auto* problem = static_cast<YamlProblem*>(context);
  if (!problem->text.empty()) return;
  problem->text = (diag.getFilename() + ":" + llvm::Twine(diag.getLineNo()) + ":" +
                   llvm::Twine(diag.getColumnNo() + 1) + ": malformed export-fixes YAML: " +
                   diag.getMessage())
                      .str();
}

// "file:line" of the index-th (1-based) entry of the Diagnostics sequence of
// the document-th document, to point at a diagnostic that parsed but makes no
// sense. Falls back to the file name alone.
std::string yamlPosition(llvm::StringRef yamlPath, llvm::MemoryBufferRef buffer,
                         unsigned document, unsigned index) {
  llvm::SourceMgr sm;
  sm.setDiagHandler([](const llvm::SMDiagnostic&, void*) {});
  llvm::yaml::Stream stream(buffer, sm);
  unsigned d = 0;
  for (llvm::yaml::Document& doc : stream) {
    if (++d != document) continue;
    auto* root = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(doc.getRoot());
    if (!root) break;
    for (llvm::yaml::KeyValueNode& kv : *root) {
      auto* key = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(kv.getKey());
      llvm::SmallString<32> storage;
      if (!key || key->getValue(storage) != "Diagnostics") continue;
      auto* seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(kv.getValue());
      if (!seq) break;
      unsigned i = 0;
      for (llvm::yaml::Node& entry : *seq) {
        if (++i != index) continue;
        auto [line, col] = sm.getLineAndColumn(entry.getSourceRange().Start);
        (void)col;
        return (yamlPath + ":" + llvm::Twine(line)).str();
      }
      break;
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
  if (it != files_.end()) return it->second->getBuffer();
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
  files_[absPath] = std::move(*buffer);
  return text;
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
  if (llvm::Error e = checkYamlNesting(yamlBuffer)) return e;

  YamlProblem problem;
  std::vector<clang::tooling::TranslationUnitDiagnostics> units;
  {
    llvm::yaml::Input yin(yamlBuffer, /*Ctxt=*/nullptr, captureYamlDiagnostic, &problem);
    do {
      clang::tooling::TranslationUnitDiagnostics unit;
      yin >> unit;
      if (yin.error()) {
        if (problem.text.empty())
          problem.text = (yamlPath + ": malformed export-fixes YAML: " + yin.error().message()).str();
        return inputError(problem.text);
      }
      units.push_back(std::move(unit));
    } while (yin.nextDocument());
  }

  unsigned document = 0;
  for (const auto& unit : units) {
    ++document;
    unsigned index = 0;
    for (const clang::tooling::Diagnostic& d : unit.Diagnostics) {
      ++index;
      if (!isTapeCheck(d.DiagnosticName)) continue;
      const std::string where =
          yamlPosition(yamlPath, yamlBuffer, document, index) +
          ": diagnostic " + d.DiagnosticName;
      if (d.Message.FilePath.empty())
        return inputError(where + " has no FilePath, so it cannot be joined with runtime events");
      StaticFinding f;
      f.check = d.DiagnosticName;
      f.file = normalizePath(d.Message.FilePath, d.BuildDirectory);
      f.message = d.Message.Message;
      f.input = yamlPath.str();
      auto text = sources.contents(f.file);
      if (!text)
        return inputError(where + " refers to a file that cannot be read: " +
                          llvm::toString(text.takeError()));
      const std::size_t offset = d.Message.FileOffset;
      if (offset > text->size())
        return inputError(where + " has FileOffset " + llvm::Twine(offset) + " but '" + f.file +
                          "' has only " + llvm::Twine(text->size()) +
                          " bytes (was it edited after the analysis?)");
      llvm::StringRef before = text->take_front(offset);
      f.line = 1 + static_cast<unsigned>(before.count('\n'));
      const std::size_t lineStart = before.rfind('\n');
      f.column = static_cast<unsigned>(lineStart == llvm::StringRef::npos ? offset + 1
                                                                         : offset - lineStart);
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
