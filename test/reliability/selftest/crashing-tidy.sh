#!/bin/sh
# Self-test of run_reliability.py: a "tape-tidy" that crashes like LLVM does.
echo "PLEASE submit a bug report to https://github.com/llvm/llvm-project/issues/"
echo "Stack dump:"
kill -SEGV $$
