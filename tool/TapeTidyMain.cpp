//===--- TapeTidyMain.cpp - tape-tidy: clang-tidy with the tape checks ----===//
//
// Part of tapecheck. clang-tidy's own driver (every flag, .clang-tidy files,
// NOLINT, -p build/) with the tape-* module linked in.
//
// A driver built outside LLVM's tree looks for clang's builtin headers next
// to itself (<exe>/../lib/clang/<major>), where they are not. We pass the
// resource directory found at configure time as the first
// --extra-arg-before, so any -resource-dir from the compile database or the
// command line (which comes later) still wins.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"

#include <cstring>
#include <string>
#include <vector>

#ifndef TAPE_CLANG_RESOURCE_DIR
#define TAPE_CLANG_RESOURCE_DIR ""
#endif

int main(int argc, const char **argv) {
  std::vector<const char *> Args(argv, argv + argc);
  static const std::string ResourceArg =
      std::string("--extra-arg-before=-resource-dir=") +
      TAPE_CLANG_RESOURCE_DIR;
  if (std::strlen(TAPE_CLANG_RESOURCE_DIR) != 0 && !Args.empty())
    Args.insert(Args.begin() + 1, ResourceArg.c_str());
  Args.push_back(nullptr); // argv[argc] == nullptr, as the C runtime gives
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size() - 1),
                                    Args.data());
}
