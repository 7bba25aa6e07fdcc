# Finds LLVM/Clang 19 for the analyzer targets (checks/, tool/, test/checks/).
# Included by each of those directories: imported targets and variables from
# find_package are directory-scoped, so every user includes this file.
#
# Sets, in the including directory:
#   TAPE_LLVM_INCLUDE_DIRS     LLVM + Clang headers (clang-tidy's included)
#   TAPE_LLVM_DEFINITIONS      LLVM's compile definitions (list)
#   TAPE_LLVM_COMPILE_OPTIONS  e.g. -fno-rtti when LLVM was built without RTTI
#   TAPE_CLANG_RESOURCE_DIR    (cache) clang's builtin-header directory
#   TAPE_CLANG_TIDY            (cache) the stock clang-tidy of this LLVM, if any

find_package(LLVM 19.1 REQUIRED CONFIG)
find_package(Clang REQUIRED CONFIG
  HINTS "${LLVM_INSTALL_PREFIX}/lib/cmake/clang" "${LLVM_LIBRARY_DIR}/cmake/clang")

set(TAPE_LLVM_INCLUDE_DIRS ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
separate_arguments(TAPE_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
set(TAPE_LLVM_COMPILE_OPTIONS "")
if(NOT LLVM_ENABLE_RTTI)
  list(APPEND TAPE_LLVM_COMPILE_OPTIONS -fno-rtti)
endif()

if(NOT TAPE_CLANG_RESOURCE_DIR)
  # Ask the clang of this very LLVM where its builtin headers live; fall back
  # to the conventional <libdir>/clang/<major>.
  find_program(_tape_clang NAMES clang clang-${LLVM_VERSION_MAJOR}
    HINTS "${LLVM_TOOLS_BINARY_DIR}" NO_DEFAULT_PATH)
  set(_tape_rd "")
  if(_tape_clang)
    execute_process(COMMAND "${_tape_clang}" -print-resource-dir
      OUTPUT_VARIABLE _tape_rd OUTPUT_STRIP_TRAILING_WHITESPACE
      RESULT_VARIABLE _tape_rc ERROR_QUIET)
    if(NOT _tape_rc EQUAL 0)
      set(_tape_rd "")
    endif()
  endif()
  if(NOT _tape_rd OR NOT EXISTS "${_tape_rd}/include/stddef.h")
    set(_tape_rd "${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}")
  endif()
  if(NOT EXISTS "${_tape_rd}/include/stddef.h")
    message(WARNING "tapecheck: no clang resource directory found (tried ${_tape_rd}); "
                    "tape-tidy will rely on the compile command's -resource-dir")
  endif()
  set(TAPE_CLANG_RESOURCE_DIR "${_tape_rd}" CACHE PATH
      "Clang resource directory that tape-tidy passes as -resource-dir")
  unset(_tape_clang CACHE)
endif()

if(NOT DEFINED TAPE_CLANG_TIDY)
  find_program(TAPE_CLANG_TIDY NAMES clang-tidy clang-tidy-${LLVM_VERSION_MAJOR}
    HINTS "${LLVM_TOOLS_BINARY_DIR}" NO_DEFAULT_PATH)
endif()
