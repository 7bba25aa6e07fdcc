// tape-confirm: which tape-tidy findings did the runtime confirm?
//
//   tape-confirm static.yaml runtime.jsonl [more.jsonl ...]
//       [--format=table|json] [--sarif=FILE] [--fail-on=confirmed|any|none]
//
// Exit status: 0 when nothing fails the --fail-on gate, 1 when something does
// (by default: a confirmed finding), 2 on bad usage or bad input. On bad
// input nothing is written, neither to stdout nor to the SARIF file.
#include <csignal>

#include "Confirm.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace tape::confirm;

namespace {

enum class Format { Table, Json };
enum class FailOn { Confirmed, Any, None };

cl::OptionCategory category("tape-confirm options");

cl::list<std::string> positional(cl::Positional, cl::desc("<input files>"),
                                 cl::cat(category));
cl::list<std::string> staticInputs(
    "static", cl::desc("clang-tidy --export-fixes YAML file (any extension)"),
    cl::value_desc("file"), cl::cat(category));
cl::list<std::string> runtimeInputs(
    "runtime", cl::desc("runtime events file written through TAPE_DIAGNOSTICS (any extension)"),
    cl::value_desc("file"), cl::cat(category));
cl::opt<Format> format("format", cl::desc("What to print on stdout"), cl::init(Format::Table),
                       cl::values(clEnumValN(Format::Table, "table", "a readable table (default)"),
                                  clEnumValN(Format::Json, "json", "one JSON document")),
                       cl::cat(category));
cl::opt<std::string> sarifOutput("sarif", cl::desc("Also write SARIF 2.1.0 to <file>"),
                                 cl::value_desc("file"), cl::cat(category));
cl::opt<FailOn> failOn(
    "fail-on", cl::desc("Which findings make the exit status 1"), cl::init(FailOn::Confirmed),
    cl::values(clEnumValN(FailOn::Confirmed, "confirmed", "confirmed findings (default)"),
               clEnumValN(FailOn::Any, "any", "any finding, whatever its state"),
               clEnumValN(FailOn::None, "none", "never (report only)")),
    cl::cat(category));
cl::opt<bool> showMessages("messages", cl::desc("Show each finding's messages in the table"),
                           cl::cat(category));

constexpr const char* overview = R"(tape-confirm: joins tape-tidy findings with tape runtime events

Inputs are clang-tidy --export-fixes YAML files (.yaml/.yml, or --static=FILE)
and runtime event files written through TAPE_DIAGNOSTICS (.jsonl/.json, or
--runtime=FILE). Findings are joined by (check, file, line); only tape-* checks
count. Each finding is
  confirmed     the static finding and a runtime event agree
  static only   no runtime event there: the path did not run, or a false positive
  runtime only  the runtime saw a misuse that the analyzer missed

SARIF levels: confirmed -> error, static only -> warning, runtime only ->
warning (note when the events rest only on value evidence); the state is in
each result's message and in properties["tapecheck/state"].

Exit status: 0 when no finding fails --fail-on (default: confirmed), 1 when
one does, 2 on bad usage or bad input (nothing is written then).
)";

int fail(const llvm::Twine& message) {
  llvm::errs() << "tape-confirm: error: " << message << "\n";
  return 2;
}

// Finishes writing `os`: an error (a full disk) is returned, not left for
// the stream's destructor, which would abort.
llvm::Error finish(llvm::raw_fd_ostream& os) {
  os.flush();
  if (!os.has_error()) return llvm::Error::success();
  const std::error_code ec = os.error();
  os.clear_error();
  return llvm::errorCodeToError(ec);
}

// A regular file (or a new one) is written to a temporary file and renamed,
// so readers never see half a file and a failed write leaves the old one.
// Anything else (a symlink such as /dev/stdout, a pipe, a device) is written
// in place: renaming over it would replace it.
using Writer = llvm::function_ref<void(llvm::raw_ostream&)>;

llvm::Error writeFile(llvm::StringRef path, Writer write) {
  llvm::sys::fs::file_status status;
  const bool inPlace = !llvm::sys::fs::status(path, status, /*Follow=*/false) &&
                       !llvm::sys::fs::is_regular_file(status);
  if (inPlace) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
    if (ec) return llvm::errorCodeToError(ec);
    write(os);
    return finish(os);
  }
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!temp) return temp.takeError();
  llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
  write(os);
  if (llvm::Error e = finish(os)) return llvm::joinErrors(std::move(e), temp->discard());
  return temp->keep(path);
}

// Events of a file that is not here still count (the tree may have moved),
// but they cannot join a static finding: most often the program was built
// from another directory and the events name files relative to it.
void warnAboutMissingSources(const std::vector<RuntimeEvent>& events) {
  // One look at each file, not one per event (a loop reports every time).
  llvm::StringSet<> seen;
  std::size_t missing = 0;
  llvm::StringRef example;
  for (const RuntimeEvent& e : events) {
    if (!seen.insert(e.file).second || llvm::sys::fs::exists(e.file)) continue;
    if (missing++ == 0) example = e.file;
  }
  if (missing == 0) return;
  llvm::errs() << "tape-confirm: warning: runtime events name " << missing
               << " file(s) that do not exist here, e.g. '" << printable(example)
               << "'; relative paths in events are resolved against the current directory, "
                  "so run tape-confirm where the program was compiled\n";
}

// The report on stdout; a write that fails (a full disk) is an error, not a
// report silently lost.
llvm::Error writeStdout(Writer write) {
  write(llvm::outs());
  return finish(llvm::outs());
}

}  // namespace

int main(int argc, char** argv) {
  llvm::InitLLVM init(argc, argv);
  // A file size limit (ulimit -f) makes writes fail with EFBIG, which the
  // writers report; its signal would instead end the program through LLVM's
  // crash handler, stack dump and all.
  std::signal(SIGXFSZ, SIG_IGN);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](llvm::raw_ostream& os) {
    os << "tape-confirm " TAPE_CONFIRM_VERSION " (tapecheck)\n";
  });
  std::string usageErrors;
  llvm::raw_string_ostream usageStream(usageErrors);
  if (!cl::ParseCommandLineOptions(argc, argv, overview, &usageStream)) {
    llvm::errs() << usageErrors;
    llvm::errs() << "tape-confirm: run 'tape-confirm --help' for usage\n";
    return 2;
  }

  ReportInputs inputs;
  for (const std::string& p : staticInputs) inputs.staticFiles.push_back(p);
  for (const std::string& p : runtimeInputs) inputs.runtimeFiles.push_back(p);
  for (const std::string& p : positional) {
    llvm::StringRef ext = llvm::sys::path::extension(p);
    if (ext.equals_insensitive(".yaml") || ext.equals_insensitive(".yml"))
      inputs.staticFiles.push_back(p);
    else if (ext.equals_insensitive(".jsonl") || ext.equals_insensitive(".json") ||
             ext.equals_insensitive(".ndjson"))
      inputs.runtimeFiles.push_back(p);
    else
      return fail("cannot tell what '" + p +
                  "' holds from its name; name it *.yaml (export-fixes) or *.jsonl (runtime "
                  "events), or pass it as --static=FILE or --runtime=FILE");
  }
  if (inputs.staticFiles.empty() && inputs.runtimeFiles.empty())
    return fail("no input files; run 'tape-confirm --help' for usage");

  // Read and validate everything first: a bad input must not leave a report
  // behind that looks complete.
  SourceFiles sources;
  std::vector<StaticFinding> statics;
  std::vector<RuntimeEvent> events;
  for (const std::string& p : inputs.staticFiles)
    if (llvm::Error e = loadStaticFindings(p, sources, statics))
      return fail(llvm::toString(std::move(e)));
  for (const std::string& p : inputs.runtimeFiles)
    if (llvm::Error e = loadRuntimeEvents(p, events)) return fail(llvm::toString(std::move(e)));
  inputs.staticFindings = statics.size();
  inputs.runtimeEvents = events.size();
  warnAboutMissingSources(events);

  const std::vector<Finding> findings = join(statics, events);

  if (!sarifOutput.empty())
    if (llvm::Error e = writeFile(sarifOutput, [&](llvm::raw_ostream& os) {
          writeSarif(findings, sources, os);
        }))
      return fail("cannot write SARIF to '" + sarifOutput + "': " + llvm::toString(std::move(e)));
  if (llvm::Error e = writeStdout([&](llvm::raw_ostream& os) {
        if (format == Format::Json)
          writeJson(findings, inputs, os);
        else
          writeTable(findings, inputs, showMessages, os);
      }))
    return fail("cannot write the report to standard output: " + llvm::toString(std::move(e)));

  const Counts c = count(findings);
  switch (failOn) {
    case FailOn::Confirmed: return c.confirmed ? 1 : 0;
    case FailOn::Any: return c.total() ? 1 : 0;
    case FailOn::None: return 0;
  }
  return 0;
}
