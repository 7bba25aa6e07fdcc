//===--- TapeTidyModule.cpp - the tape-* clang-tidy checks ----------------===//
//
// Part of tapecheck. Registers every tape check under the name defined once
// in runtime/include/tape/check_names.hpp (shared with the runtime, so a
// static finding and its runtime event always carry the same name).
//
// Linked into tape-tidy (tool/) and into the tape-tidy-plugin module that a
// stock clang-tidy loads with --load.
//
//===----------------------------------------------------------------------===//

#include "GradientInScopeCheck.h"
#include "IntegerSourceCheck.h"
#include "NonDifferentiablePathCheck.h"
#include "NonpersistentReuseCheck.h"
#include "OpOutsideScopeCheck.h"
#include "PersistentNotReleasedCheck.h"
#include "RawArrayMixingCheck.h"
#include "UnwatchedSourceCheck.h"
#include "UseAfterReleaseCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

#include <tape/check_names.hpp>

namespace clang::tidy::tapecheck {

namespace {

llvm::StringRef name(std::string_view N) { return {N.data(), N.size()}; }

class TapeTidyModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    namespace names = ::tape::checks;
    Factories.registerCheck<NonpersistentReuseCheck>(
        name(names::nonpersistent_reuse));
    Factories.registerCheck<UseAfterReleaseCheck>(
        name(names::use_after_release));
    Factories.registerCheck<PersistentNotReleasedCheck>(
        name(names::persistent_not_released));
    Factories.registerCheck<GradientInScopeCheck>(
        name(names::gradient_in_scope));
    // The dataflow checks share one value-flow analysis per function
    // (utils/ValueFlow.h), which picks one kind per gradient() and source.
    Factories.registerCheck<OpOutsideScopeCheck>(name(names::op_outside_scope));
    Factories.registerCheck<RawArrayMixingCheck>(name(names::raw_array_mixing));
    Factories.registerCheck<UnwatchedSourceCheck>(
        name(names::unwatched_source));
    Factories.registerCheck<IntegerSourceCheck>(name(names::integer_source));
    Factories.registerCheck<NonDifferentiablePathCheck>(
        name(names::non_differentiable_path));
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<TapeTidyModule>
    X("tape-module", "Checks for misuse of the tape autodiff runtime.");

} // namespace clang::tidy::tapecheck

// Referenced by tools that link the module statically and want to be sure the
// registration above is not dropped by the linker.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int TapeTidyModuleAnchorSource = 0;
