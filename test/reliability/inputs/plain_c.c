/* Reliability input: a C translation unit (-x c). The tape-* checks are for
   C++; on C they must do nothing, and must not crash. A struct and functions
   named like the runtime's do not make C code a tape user. */
/* reliability: args: -x c -std=c11 */
struct GradientTape {
  int persistent;
  int released;
};

static double gradient(struct GradientTape* tape, double y, double x) {
  return tape->released ? 0.0 : y / x;
}

static void release(struct GradientTape* tape) { tape->released = 1; }

int main(void) {
  struct GradientTape tape = {0, 0};
  double g1 = gradient(&tape, 4.0, 2.0);
  double g2 = gradient(&tape, 4.0, 2.0);
  release(&tape);
  double g3 = gradient(&tape, 4.0, 2.0);
  return (int)(g1 + g2 + g3);
}
