// libFuzzer target: tape-confirm's reader of clang-tidy --export-fixes YAML.
// Any input must either be read (every finding a tape-* check with a line and
// column) or be rejected with an error that names the input; never a crash,
// a hang or a read outside the in-memory sources.
#include <cstddef>
#include <cstdint>

#include "confirm_fuzz_common.h"

using namespace tape::confirm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Null-terminated, like the file reader's buffer.
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  SourceFiles sources(fuzz::sourceFileSystem());
  std::vector<StaticFinding> statics;
  if (llvm::Error e = loadStaticFindingsFromBuffer(buffer->getMemBufferRef(), sources, statics)) {
    fuzz::checkError(std::move(e), "fuzz.yaml");
    return 0;
  }
  for (const StaticFinding& f : statics) {
    if (!isTapeCheck(f.check))
      fuzz::fail("a finding of a non-tape check: " + f.check);
    if (f.line == 0 || f.column == 0) fuzz::fail("a finding without line or column");
    if (f.file.empty()) fuzz::fail("a finding without a file");
  }
  // The same findings against a runtime event on each of their lines.
  std::vector<RuntimeEvent> events;
  for (const StaticFinding& f : statics) {
    RuntimeEvent e;
    e.check = f.check;
    e.file = f.file;
    e.line = f.line;
    e.evidence = "exact";
    events.push_back(e);
  }
  fuzz::joinAndRender(statics, {});
  fuzz::joinAndRender(statics, events);
  return 0;
}
