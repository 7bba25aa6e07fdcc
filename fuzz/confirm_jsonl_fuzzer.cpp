// libFuzzer target: tape-confirm's reader of the runtime's JSONL events
// (TAPE_DIAGNOSTICS). Any input must either be read (every event a tape-*
// check with a line >= 1 and evidence "exact" or "value") or be rejected with
// an error that names the input and the line; never a crash or a hang.
#include <cstddef>
#include <cstdint>

#include "confirm_fuzz_common.h"

using namespace tape::confirm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(reinterpret_cast<const char*>(data), size), "fuzz.jsonl");
  std::vector<RuntimeEvent> events;
  if (llvm::Error e = loadRuntimeEventsFromBuffer(buffer->getMemBufferRef(), events)) {
    fuzz::checkError(std::move(e), "fuzz.jsonl:");
    return 0;
  }
  for (const RuntimeEvent& e : events) {
    if (!isTapeCheck(e.check)) fuzz::fail("an event of a non-tape check: " + e.check);
    if (e.line == 0) fuzz::fail("an event without a line");
    if (e.file.empty()) fuzz::fail("an event without a file");
    if (e.evidence != "exact" && e.evidence != "value") fuzz::fail("evidence " + e.evidence);
    if (e.inputLine == 0) fuzz::fail("an event without its input line");
  }
  // Joined with nothing, and with a static finding on every event's line.
  std::vector<StaticFinding> statics;
  for (const RuntimeEvent& e : events) {
    StaticFinding f;
    f.check = e.check;
    f.file = e.file;
    f.line = e.line;
    f.column = 1;
    statics.push_back(f);
  }
  fuzz::joinAndRender({}, events);
  fuzz::joinAndRender(statics, events);
  return 0;
}
