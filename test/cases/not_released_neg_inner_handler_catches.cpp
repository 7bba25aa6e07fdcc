// tape-persistent-not-released, negative: the inner handler catches the int,
// so the exception never unwinds the persistent tape, which is released.
#include <tape/tape.hpp>

int main(int argc, char**) {
  try {
    tape::GradientTape tape({.persistent = true});
    try {
      if (argc > 0) throw 1;
    } catch (int) {
    }
    tape.release();
  } catch (...) {
  }
  return 0;
}
