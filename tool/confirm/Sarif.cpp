// tape-confirm's SARIF 2.1.0 report, for editors and code scanning, written
// as it goes. Clang's SarifDocumentWriter builds the whole document as JSON
// objects first (about 56 KB per result: 200,000 findings took 11 GB), so
// the document is streamed here with llvm::json::OStream instead, in the
// same shape: artifacts with file:// URIs, regions in Unicode code points.
#include "Confirm.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include "tape/check_names.hpp"

namespace tape::confirm {

namespace {

constexpr const char* kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/cos02/schemas/sarif-schema-2.1.0.json";

// RFC 8089: file:// and the absolute path, each byte that RFC 3986 does not
// allow in a path (pchar or '/') percent-encoded.
std::string fileUri(llvm::StringRef absPath) {
  std::string uri = "file://";
  for (const char ch : absPath) {
    if (llvm::isAlnum(ch) || llvm::StringRef("-._~:@!$&'()*+,;=/").contains(ch)) {
      uri += ch;
      continue;
    }
    uri += '%';
    uri += llvm::hexdigit(static_cast<unsigned char>(ch) >> 4);
    uri += llvm::hexdigit(static_cast<unsigned char>(ch) & 0xF);
  }
  return uri;
}

// UTF-8 code points in `text` (the unit of SARIF's default columnKind).
unsigned codePoints(llvm::StringRef text) {
  unsigned n = 0;
  for (const char ch : text) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

// Where a finding is: a line and the code-point columns [start, end) of the
// identifier (or the one character) at its column.
struct Region {
  unsigned line, startColumn, endColumn;
};

// nullopt when the file cannot be read or has no such line (it changed since
// the run): a place made up would mislead. A column past the end of its line
// is placed at the line's start.
std::optional<Region> regionOf(const Finding& f, SourceFiles& sources) {
  llvm::Expected<llvm::StringRef> text = sources.contents(f.file);
  if (!text) {
    llvm::consumeError(text.takeError());
    return std::nullopt;
  }
  const std::optional<llvm::StringRef> line = sources.lineText(f.file, f.line);
  if (!line) return std::nullopt;
  std::size_t column = std::max(1u, f.column()) - 1;  // a byte offset in the line
  if (column > line->size()) column = 0;
  // Inside a multi-byte character: the character it is part of.
  while (column > 0 && column < line->size() &&
         (static_cast<unsigned char>((*line)[column]) & 0xC0) == 0x80)
    --column;
  const llvm::StringRef rest = line->drop_front(column);
  auto ident = [](char ch) { return llvm::isAlnum(ch) || ch == '_'; };
  std::size_t length = rest.take_while(ident).size();
  if (length == 0 && !rest.empty()) {
    length = 1;  // one character, all of its bytes
    while (length < rest.size() && (static_cast<unsigned char>(rest[length]) & 0xC0) == 0x80)
      ++length;
  }
  const unsigned start = 1 + codePoints(line->take_front(column));
  return Region{f.line, start, start + codePoints(rest.take_front(length))};
}

llvm::StringRef levelOf(const Finding& f) {
  switch (f.state) {
    case State::Confirmed: return "error";
    case State::StaticOnly: return "warning";
    case State::RuntimeOnly: return f.runtimeSide->exact ? "warning" : "note";
  }
  return "warning";
}

std::string messageOf(const Finding& f, bool located) {
  std::string text;
  switch (f.state) {
    case State::Confirmed: text = "[confirmed: static finding and runtime event agree] "; break;
    case State::StaticOnly:
      text = "[static only: no runtime event here; path not run, or a false positive] ";
      break;
    case State::RuntimeOnly: text = "[runtime only: the analyzer missed this] "; break;
  }
  text += f.message();
  if (!located)
    text += " (at " + f.file + ":" + std::to_string(f.line) +
            ", which cannot be read or is past the end of the file)";
  return text;
}

class SarifWriter {
 public:
  SarifWriter(llvm::raw_ostream& os, SourceFiles& sources) : json_(os, 2), sources_(sources) {}

  void write(const std::vector<Finding>& findings) {
    for (const auto& info : tape::checks::all) addRule(llvm::StringRef(info.name.data(), info.name.size()));
    for (const Finding& f : findings) addRule(f.check);
    json_.object([&] {
      json_.attribute("$schema", kSchema);
      json_.attribute("version", "2.1.0");
      json_.attributeArray("runs", [&] { json_.object([&] { writeRun(findings); }); });
    });
  }

 private:
  void writeRun(const std::vector<Finding>& findings) {
    json_.attributeObject("tool", [&] { json_.attributeObject("driver", [&] { writeDriver(); }); });
    json_.attribute("columnKind", "unicodeCodePoints");
    json_.attributeArray("results", [&] {
      for (const Finding& f : findings) json_.object([&] { writeResult(f); });
    });
    // Last, so that only the files results name are listed.
    json_.attributeArray("artifacts", [&] {
      for (const std::string& file : artifacts_) json_.object([&] { writeArtifact(file); });
    });
  }

  void writeDriver() {
    json_.attribute("name", "tape-confirm");
    json_.attribute("fullName",
                    "tapecheck tape-confirm (tape-tidy findings joined with runtime events)");
    json_.attribute("version", TAPE_CONFIRM_VERSION);
    json_.attribute("language", "en-US");
    json_.attributeArray("rules", [&] {
      for (const std::string& id : rules_)
        json_.object([&] {
          json_.attribute("id", id);
          json_.attribute("name", id);
          json_.attributeObject("fullDescription", [&] { json_.attribute("text", summaryOf(id)); });
          json_.attributeObject("defaultConfiguration", [&] {
            json_.attribute("enabled", true);
            json_.attribute("level", "warning");
          });
        });
    });
  }

  // The nine checks, then any other tape-* name the inputs carry (a newer
  // tape-tidy's), each once.
  void addRule(llvm::StringRef check) {
    if (ruleIndex_.try_emplace(check, rules_.size()).second) rules_.push_back(check.str());
  }

  static std::string summaryOf(llvm::StringRef check) {
    for (const auto& info : tape::checks::all)
      if (info.name == std::string_view(check.data(), check.size()))
        return std::string(info.summary);
    return check.str();
  }

  void writeResult(const Finding& f) {
    const std::optional<Region> region = regionOf(f, sources_);
    json_.attribute("ruleId", f.check);
    json_.attribute("ruleIndex", static_cast<std::int64_t>(ruleIndex_.lookup(f.check)));
    json_.attribute("level", levelOf(f));
    json_.attributeObject("message", [&] { json_.attribute("text", messageOf(f, region.has_value())); });
    if (region) json_.attributeArray("locations", [&] { writeLocation(f.file, *region); });
    json_.attributeObject("properties", [&] {
      json_.attribute("tapecheck/state", stateName(f.state));
      json_.attribute("tapecheck/staticFinding", f.staticSide.has_value());
      const unsigned events = f.runtimeSide ? f.runtimeSide->events : 0;
      json_.attribute("tapecheck/runtimeEvents", events);
      if (events) json_.attribute("tapecheck/evidence", f.runtimeSide->exact ? "exact" : "value");
      if (!region) json_.attribute("tapecheck/location", f.file + ":" + std::to_string(f.line));
    });
  }

  void writeLocation(llvm::StringRef file, const Region& region) {
    json_.object([&] {
      json_.attributeObject("physicalLocation", [&] {
        json_.attributeObject("artifactLocation", [&] { writeArtifactLocation(file); });
        json_.attributeObject("region", [&] {
          json_.attribute("startLine", region.line);
          json_.attribute("startColumn", region.startColumn);
          json_.attribute("endLine", region.line);
          json_.attribute("endColumn", region.endColumn);
        });
      });
    });
  }

  void writeArtifactLocation(llvm::StringRef file) {
    auto [it, added] = artifactIndex_.try_emplace(file, artifacts_.size());
    if (added) artifacts_.push_back(file.str());
    json_.attribute("index", static_cast<std::int64_t>(it->second));
    json_.attribute("uri", fileUri(file));
  }

  void writeArtifact(const std::string& file) {
    json_.attributeObject("location", [&] { writeArtifactLocation(file); });
    if (llvm::Expected<llvm::StringRef> text = sources_.contents(file))
      json_.attribute("length", static_cast<std::int64_t>(text->size()));
    else
      llvm::consumeError(text.takeError());
    json_.attribute("mimeType", "text/plain");
    json_.attributeArray("roles", [&] { json_.value("resultFile"); });
  }

  llvm::json::OStream json_;
  SourceFiles& sources_;
  std::vector<std::string> rules_;
  llvm::StringMap<std::size_t> ruleIndex_;
  std::vector<std::string> artifacts_;
  llvm::StringMap<std::size_t> artifactIndex_;
};

}  // namespace

void writeSarif(const std::vector<Finding>& findings, SourceFiles& sources, llvm::raw_ostream& os) {
  SarifWriter(os, sources).write(findings);
  os << "\n";
}

}  // namespace tape::confirm
