//===--- PersistentNotReleasedCheck.h - tape-persistent-not-released ------===//
//
// Part of tapecheck. A persistent tape that reaches the end of its lifetime
// without release() on some path. See docs/checks/persistent-not-released.md.
//
//===----------------------------------------------------------------------===//

#ifndef TAPECHECK_CHECKS_PERSISTENTNOTRELEASEDCHECK_H
#define TAPECHECK_CHECKS_PERSISTENTNOTRELEASEDCHECK_H

#include "utils/LifecycleCheck.h"

#include <optional>
#include <string>

namespace clang::tidy::tapecheck {

/// Flags the declaration of a local ::tape::GradientTape constructed
/// persistent (known at compile time) when some path from its construction
/// to the end of its lifetime (end of scope, return, break, continue, goto,
/// an exception thrown out of its scope) passes no release(). Tapes that
/// escape (moved, returned, stored, address kept, passed to a function whose
/// body is not visible) are not flagged.
///
/// Options: HelperDepth (default 3); ReleaseFunctions (semicolon-separated
/// function names that release the tape passed to them; default empty);
/// IgnoreSystemMacroExits (default true: exits spelled in system-header
/// macros, such as a failed googletest ASSERT_*, are not leaks).
class PersistentNotReleasedCheck : public LifecycleCheck {
public:
  PersistentNotReleasedCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkUnit(const FunctionUnit &U, ASTContext &Ctx) override;

private:
  std::optional<FixItHint> releaseFix(const FunctionUnit &U,
                                      const TapeRoot &Root,
                                      const ASTContext &Ctx) const;
  const std::string ReleaseFunctions;
  const bool IgnoreSystemMacroExits;
};

} // namespace clang::tidy::tapecheck

#endif // TAPECHECK_CHECKS_PERSISTENTNOTRELEASEDCHECK_H
