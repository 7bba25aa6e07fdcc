// Shared by the tape-confirm reader fuzzers: an in-memory file system holding
// the source files the seed inputs point into (so the readers never touch the
// real disk), and the checks every result must pass.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "Confirm.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace tape::confirm::fuzz {

#ifndef TAPE_CONFIRM_FUZZ_SOURCES
#error "TAPE_CONFIRM_FUZZ_SOURCES: the folder of source files the seeds point into"
#endif

// The seeds (fuzz/corpus/confirm_*) name /fuzz/src/train.cpp and
// /fuzz/src/helpers.hpp: tape-confirm's test fixtures (test/confirm/fixtures/
// src), copied into memory once. Nothing else exists there.
inline llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> sourceFileSystem() {
  static llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> fs = [] {
    auto memfs = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
    for (const char* name : {"train.cpp", "helpers.hpp"}) {
      const std::string path = std::string(TAPE_CONFIRM_FUZZ_SOURCES) + "/" + name;
      auto buffer = llvm::MemoryBuffer::getFile(path);
      if (!buffer) {
        std::fprintf(stderr, "tape-confirm fuzzer: cannot read %s\n", path.c_str());
        std::abort();
      }
      memfs->addFile(std::string("/fuzz/src/") + name, 0, std::move(*buffer));
    }
    return memfs;
  }();
  return fs;
}

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "tape-confirm fuzzer: invariant broken: %s\n", what.c_str());
  std::abort();
}

// A rejected input must be rejected with a message that names the input.
inline void checkError(llvm::Error e, llvm::StringRef inputName) {
  const std::string message = llvm::toString(std::move(e));
  if (message.find(inputName.str()) == std::string::npos)
    fail("error message does not name the input: '" + message + "'");
}

// Whatever was read, the join and all three reports must work on it.
inline void joinAndRender(const std::vector<StaticFinding>& statics,
                          const std::vector<RuntimeEvent>& events) {
  const std::vector<Finding> findings = join(statics, events);
  const Counts c = count(findings);
  if (c.total() != findings.size()) fail("counts do not add up to the findings");
  if (findings.size() > statics.size() + events.size()) fail("more findings than inputs");
  ReportInputs inputs;
  inputs.staticFiles = {"fuzz.yaml"};
  inputs.runtimeFiles = {"fuzz.jsonl"};
  inputs.staticFindings = statics.size();
  inputs.runtimeEvents = events.size();
  std::string table, json, sarif;
  llvm::raw_string_ostream tableStream(table), jsonStream(json), sarifStream(sarif);
  writeTable(findings, inputs, /*showMessages=*/true, tableStream);
  writeJson(findings, inputs, jsonStream);
  SourceFiles sources(sourceFileSystem());  // regions from the fixture sources
  writeSarif(findings, sources, sarifStream);
  for (const auto& [name, text] : {std::pair{"writeJson", &json}, std::pair{"writeSarif", &sarif}}) {
    llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(*text);
    if (!parsed) fail(std::string(name) + " wrote invalid JSON: " + llvm::toString(parsed.takeError()));
  }
  if (table.empty()) fail("empty table");
}

}  // namespace tape::confirm::fuzz
