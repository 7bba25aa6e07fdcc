// tape-confirm's reports for people (a table) and scripts (JSON), written as
// they go: a million findings must not become a million JSON objects in
// memory first.
#include <algorithm>

#include "Confirm.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace tape::confirm {

namespace {

// The current directory, symlinks resolved (finding paths are), or empty.
std::string currentDirectory() {
  llvm::SmallString<256> cwd, real;
  if (llvm::sys::fs::current_path(cwd)) return {};
  if (!llvm::sys::fs::real_path(cwd, real)) return real.str().str();
  return cwd.str().str();
}

// A path relative to `cwd` when it lies below it.
std::string displayPath(llvm::StringRef file, llvm::StringRef cwd) {
  llvm::StringRef rest = file;
  if (!cwd.empty() && rest.consume_front(cwd) && rest.consume_front("/")) return rest.str();
  return file.str();
}

std::string location(const Finding& f, llvm::StringRef cwd) {
  std::string s = displayPath(f.file, cwd);
  s.append(":").append(std::to_string(f.line));
  if (f.column()) s.append(":").append(std::to_string(f.column()));
  return s;
}

std::string plural(std::size_t n, llvm::StringRef one, llvm::StringRef many) {
  return std::to_string(n) + " " + (n == 1 ? one : many).str();
}

void writeFinding(llvm::json::OStream& json, const Finding& f) {
  json.attribute("state", stateName(f.state));
  json.attribute("check", f.check);
  json.attribute("file", f.file);
  json.attribute("line", f.line);
  json.attribute("column", f.column());
  json.attribute("message", f.message());
  if (f.staticSide)
    json.attributeObject("static", [&] {
      json.attribute("column", f.staticSide->column);
      json.attribute("message", f.staticSide->message);
      json.attribute("reports", f.staticSide->reports);
    });
  else
    json.attribute("static", nullptr);
  if (f.runtimeSide)
    json.attributeObject("runtime", [&] {
      json.attribute("column", f.runtimeSide->column);
      json.attribute("message", f.runtimeSide->message);
      json.attribute("events", f.runtimeSide->events);
      json.attribute("evidence", f.runtimeSide->exact ? "exact" : "value");
    });
  else
    json.attribute("runtime", nullptr);
}

}  // namespace

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

void writeTable(const std::vector<Finding>& findings, const ReportInputs& inputs,
                bool showMessages, llvm::raw_ostream& os) {
  if (findings.empty()) {
    os << "No tape-* findings.\n";
  } else {
    const std::string cwd = currentDirectory();
    std::size_t checkWidth = 5, locWidth = 8;
    std::vector<std::string> locations;
    std::vector<std::string> checks;
    for (const Finding& f : findings) {
      // Names come from input files: shown as plain text, like messages.
      locations.push_back(printable(location(f, cwd)));
      checks.push_back(printable(f.check));
      checkWidth = std::max(checkWidth, checks.back().size());
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
                          llvm::left_justify(checks[i], checkWidth),
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
}

void writeJson(const std::vector<Finding>& findings, const ReportInputs& inputs,
               llvm::raw_ostream& os) {
  const Counts c = count(findings);
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attribute("tool", "tape-confirm");
    json.attributeObject("summary", [&] {
      json.attribute("confirmed", c.confirmed);
      json.attribute("static_only", c.staticOnly);
      json.attribute("runtime_only", c.runtimeOnly);
      json.attribute("total", c.total());
    });
    json.attributeObject("inputs", [&] {
      json.attribute("static", llvm::json::Array(inputs.staticFiles));
      json.attribute("runtime", llvm::json::Array(inputs.runtimeFiles));
      json.attribute("static_findings", static_cast<std::int64_t>(inputs.staticFindings));
      json.attribute("runtime_events", static_cast<std::int64_t>(inputs.runtimeEvents));
    });
    json.attributeArray("findings", [&] {
      for (const Finding& f : findings) json.object([&] { writeFinding(json, f); });
    });
  });
  os << "\n";
}

}  // namespace tape::confirm
