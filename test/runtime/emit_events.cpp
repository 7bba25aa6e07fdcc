// A small program for the sink tests: raises known events, then prints the
// events it expects on stdout, one "<check> <line>" a line. Run with
// TAPE_DIAGNOSTICS set, its events must land in that file.
#include <cstdio>
#include <source_location>

#include <tape/tape.hpp>

namespace {

unsigned line_here(std::source_location l = std::source_location::current()) { return l.line(); }

}  // namespace

int main() {
  tape::Variable x(2.0);
  tape::GradientTape tape;
  tape::Tensor y;
  {
    auto s = tape.record();
    y = x * x;
  }
  (void)tape.gradient(y, x);
  unsigned reuse = 0;
  try {
    reuse = line_here(); (void)tape.gradient(y, x);
  } catch (const tape::TapeReuseError&) {
  }
  unsigned leak = 0;
  {
    tape::GradientTape persistent({.persistent = true}); leak = line_here();
  }
  std::printf("tape-nonpersistent-reuse %u\ntape-persistent-not-released %u\n", reuse, leak);
  return 0;
}
