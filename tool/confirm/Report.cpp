// tape-confirm's three outputs: a table for people, JSON for scripts, SARIF
// (through Clang's SarifDocumentWriter) for editors and code scanning.
#include <algorithm>

#include "Confirm.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/FileSystemOptions.h"
#include "clang/Basic/Sarif.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "tape/check_names.hpp"

namespace tape::confirm {

namespace {

// A path relative to the current directory when it lies below it.
std::string displayPath(llvm::StringRef file) {
  llvm::SmallString<256> cwd;
  if (llvm::sys::fs::current_path(cwd)) return file.str();
  llvm::SmallString<256> realCwd;
  if (!llvm::sys::fs::real_path(cwd, realCwd)) cwd = realCwd;
  llvm::StringRef rest = file;
  if (rest.consume_front(cwd) && rest.consume_front("/")) return rest.str();
  return file.str();
}

std::string location(const Finding& f) {
  std::string s = displayPath(f.file);
  s.append(":").append(std::to_string(f.line));
  if (f.column()) s.append(":").append(std::to_string(f.column()));
  return s;
}

std::string plural(std::size_t n, llvm::StringRef one, llvm::StringRef many) {
  return std::to_string(n) + " " + (n == 1 ? one : many).str();
}

// A message as one line of plain text: control characters (a newline, an
// escape sequence from a hostile event file, C1 controls such as U+009B)
// would break the table or drive the terminal, so their bytes are shown as
// \xNN.
std::string printable(llvm::StringRef message) {
  std::string out;
  out.reserve(message.size());
  auto escape = [&out](unsigned char byte) {
    out += "\\x";
    out += llvm::hexdigit(byte >> 4, /*LowerCase=*/true);
    out += llvm::hexdigit(byte & 0xF, /*LowerCase=*/true);
  };
  for (std::size_t i = 0; i < message.size(); ++i) {
    const auto byte = static_cast<unsigned char>(message[i]);
    const bool c1 = byte == 0xC2 && i + 1 < message.size() &&
                    static_cast<unsigned char>(message[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(message[i + 1]) <= 0x9F;
    if (c1) {
      escape(byte);
      escape(static_cast<unsigned char>(message[++i]));
    } else if (byte < 0x20 || byte == 0x7F) {
      escape(byte);
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

llvm::StringRef summaryOf(llvm::StringRef check) {
  for (const auto& info : tape::checks::all)
    if (info.name == std::string_view(check.data(), check.size()))
      return llvm::StringRef(info.summary.data(), info.summary.size());
  return {};
}

}  // namespace

std::string renderTable(const std::vector<Finding>& findings, const ReportInputs& inputs,
                        bool showMessages) {
  std::string out;
  llvm::raw_string_ostream os(out);
  if (findings.empty()) {
    os << "No tape-* findings.\n";
  } else {
    std::size_t checkWidth = 5, locWidth = 8;
    std::vector<std::string> locations;
    for (const Finding& f : findings) {
      locations.push_back(location(f));
      checkWidth = std::max(checkWidth, f.check.size());
      locWidth = std::max(locWidth, locations.back().size());
    }
    os << llvm::formatv("{0,-13}  {1}  {2}  {3}\n", "STATE",
                        llvm::left_justify("CHECK", checkWidth),
                        llvm::left_justify("LOCATION", locWidth),
                        "RUNTIME EVENTS");
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      std::string events = "-";
      if (f.runtimeSide) {
        events = std::to_string(f.runtimeSide->events);
        if (!f.runtimeSide->exact) events += " (value evidence only)";
      }
      os << llvm::formatv("{0,-13}  {1}  {2}  {3}\n", stateLabel(f.state),
                          llvm::left_justify(f.check, checkWidth),
                          llvm::left_justify(locations[i], locWidth),
                          events);
      if (showMessages) {
        if (f.staticSide) os << "    static:  " << printable(f.staticSide->message) << "\n";
        if (f.runtimeSide) os << "    runtime: " << printable(f.runtimeSide->message) << "\n";
      }
    }
    os << "\n";
  }
  const Counts c = count(findings);
  os << "Summary: " << c.confirmed << " confirmed, " << c.staticOnly << " static only, "
     << c.runtimeOnly << " runtime only (" << plural(c.total(), "finding", "findings") << " from "
     << plural(inputs.staticFindings, "static diagnostic", "static diagnostics") << " in "
     << plural(inputs.staticFiles.size(), "file", "files") << " and "
     << plural(inputs.runtimeEvents, "runtime event", "runtime events") << " in "
     << plural(inputs.runtimeFiles.size(), "file", "files") << ")\n";
  return out;
}

std::string renderJson(const std::vector<Finding>& findings, const ReportInputs& inputs) {
  const Counts c = count(findings);
  llvm::json::Array items;
  for (const Finding& f : findings) {
    llvm::json::Object item{
        {"state", stateName(f.state)},
        {"check", f.check},
        {"file", f.file},
        {"line", f.line},
        {"column", f.column()},
        {"message", f.message()},
    };
    if (f.staticSide)
      item["static"] = llvm::json::Object{{"column", f.staticSide->column},
                                          {"message", f.staticSide->message},
                                          {"reports", f.staticSide->reports}};
    else
      item["static"] = nullptr;
    if (f.runtimeSide)
      item["runtime"] = llvm::json::Object{{"column", f.runtimeSide->column},
                                           {"message", f.runtimeSide->message},
                                           {"events", f.runtimeSide->events},
                                           {"evidence", f.runtimeSide->exact ? "exact" : "value"}};
    else
      item["runtime"] = nullptr;
    items.push_back(std::move(item));
  }
  llvm::json::Object doc{
      {"tool", "tape-confirm"},
      {"summary", llvm::json::Object{{"confirmed", c.confirmed},
                                     {"static_only", c.staticOnly},
                                     {"runtime_only", c.runtimeOnly},
                                     {"total", c.total()}}},
      {"inputs", llvm::json::Object{{"static", llvm::json::Array(inputs.staticFiles)},
                                    {"runtime", llvm::json::Array(inputs.runtimeFiles)},
                                    {"static_findings", static_cast<int64_t>(inputs.staticFindings)},
                                    {"runtime_events", static_cast<int64_t>(inputs.runtimeEvents)}}},
      {"findings", std::move(items)},
  };
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
  return out;
}

llvm::Expected<std::string> renderSarif(const std::vector<Finding>& findings,
                                        const ReportInputs& /*inputs*/) {
  // The writer turns SourceLocations into artifact URIs and regions, so it
  // needs a SourceManager over the real files.
  clang::FileSystemOptions fsOptions;
  clang::FileManager files(fsOptions);
  llvm::IntrusiveRefCntPtr<clang::DiagnosticIDs> ids(new clang::DiagnosticIDs());
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> diagOptions(new clang::DiagnosticOptions());
  clang::IgnoringDiagConsumer ignore;
  clang::DiagnosticsEngine diags(ids, diagOptions, &ignore, /*ShouldOwnClient=*/false);
  clang::SourceManager sources(diags, files);
  llvm::StringMap<clang::FileID> fileIds;

  // The character range of the identifier (or single character) at
  // file:line:column; nullopt when the file cannot be read or has no such
  // line (it changed since the run): a place made up would mislead.
  auto rangeAt = [&](const Finding& f) -> std::optional<clang::CharSourceRange> {
    auto it = fileIds.find(f.file);
    if (it == fileIds.end()) {
      llvm::Expected<clang::FileEntryRef> entry = files.getFileRef(f.file);
      clang::FileID id;
      if (entry)
        id = sources.createFileID(*entry, clang::SourceLocation(), clang::SrcMgr::C_User);
      else
        llvm::consumeError(entry.takeError());
      it = fileIds.try_emplace(f.file, id).first;
    }
    if (it->second.isInvalid()) return std::nullopt;
    // translateLineCol clamps a line or column past the end to the end.
    clang::SourceLocation begin =
        sources.translateLineCol(it->second, f.line, std::max(1u, f.column()));
    if (begin.isInvalid() || sources.getSpellingLineNumber(begin) != f.line) return std::nullopt;
    if (sources.getSpellingColumnNumber(begin) != std::max(1u, f.column()))
      begin = sources.translateLineCol(it->second, f.line, 1);
    bool invalid = false;
    const char* text = sources.getCharacterData(begin, &invalid);
    unsigned length = 1;
    if (!invalid && text) {
      auto ident = [](char ch) { return llvm::isAlnum(ch) || ch == '_'; };
      if (ident(*text))
        for (length = 0; ident(text[length]); ++length) {
        }
      else if (*text == '\n' || *text == '\0')
        length = 0;
    }
    return clang::CharSourceRange::getCharRange(begin, begin.getLocWithOffset(length));
  };

  clang::SarifDocumentWriter writer(sources);
  writer.createRun("tape-confirm", "tapecheck tape-confirm (tape-tidy findings joined with runtime events)",
                   TAPE_CONFIRM_VERSION);
  llvm::StringMap<std::size_t> rules;
  auto ruleFor = [&](llvm::StringRef check) {
    auto it = rules.find(check);
    if (it != rules.end()) return it->second;
    llvm::StringRef summary = summaryOf(check);
    std::size_t index = writer.createRule(clang::SarifRule::create()
                                              .setRuleId(check)
                                              .setName(check)
                                              .setDescription(summary.empty() ? check : summary));
    rules[check] = index;
    return index;
  };
  for (const auto& info : tape::checks::all)
    ruleFor(llvm::StringRef(info.name.data(), info.name.size()));

  struct Extra {
    State state;
    unsigned events;
    bool exact;
    bool located;
    const Finding* finding;
  };
  std::vector<Extra> extras;
  for (const Finding& f : findings) {
    clang::SarifResultLevel level = clang::SarifResultLevel::Warning;
    std::string text;
    switch (f.state) {
      case State::Confirmed:
        level = clang::SarifResultLevel::Error;
        text = "[confirmed: static finding and runtime event agree] ";
        break;
      case State::StaticOnly:
        level = clang::SarifResultLevel::Warning;
        text = "[static only: no runtime event here; path not run, or a false positive] ";
        break;
      case State::RuntimeOnly:
        level = f.runtimeSide->exact ? clang::SarifResultLevel::Warning
                                     : clang::SarifResultLevel::Note;
        text = "[runtime only: the analyzer missed this] ";
        break;
    }
    text += f.message();
    auto range = rangeAt(f);
    if (!range)
      text += " (at " + f.file + ":" + std::to_string(f.line) +
              ", which cannot be read or is past the end of the file)";
    clang::SarifResult result = clang::SarifResult::create(ruleFor(f.check))
                                    .setRuleId(f.check)
                                    .setDiagnosticMessage(text)
                                    .setDiagnosticLevel(level);
    if (range) result = result.setLocations({*range});
    writer.appendResult(result);
    extras.push_back({f.state, f.runtimeSide ? f.runtimeSide->events : 0u,
                      f.runtimeSide && f.runtimeSide->exact, range.has_value(), &f});
  }
  writer.endRun();
  llvm::json::Object doc = writer.createDocument();

  // SarifResult has no property bag; add ours to the written results.
  llvm::json::Array* runs = doc.getArray("runs");
  llvm::json::Object* run = runs && !runs->empty() ? (*runs)[0].getAsObject() : nullptr;
  // The writer names Clang's manual as the tool's home page; it is not ours.
  if (llvm::json::Object* tool = run ? run->getObject("tool") : nullptr)
    if (llvm::json::Object* driver = tool->getObject("driver")) driver->erase("informationUri");
  llvm::json::Array* results = run ? run->getArray("results") : nullptr;
  if (!results || results->size() != extras.size())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "internal error: the SARIF writer produced " +
                                       std::to_string(results ? results->size() : 0) +
                                       " results for " + std::to_string(extras.size()) + " findings");
  for (std::size_t i = 0; i < extras.size(); ++i) {
    llvm::json::Object* result = (*results)[i].getAsObject();
    const Extra& x = extras[i];
    llvm::json::Object props{{"tapecheck/state", stateName(x.state)},
                             {"tapecheck/staticFinding", x.finding->staticSide.has_value()},
                             {"tapecheck/runtimeEvents", x.events}};
    if (x.events) props["tapecheck/evidence"] = x.exact ? "exact" : "value";
    if (!x.located)
      props["tapecheck/location"] = x.finding->file + ":" + std::to_string(x.finding->line);
    (*result)["properties"] = std::move(props);
  }

  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
  return out;
}

}  // namespace tape::confirm
