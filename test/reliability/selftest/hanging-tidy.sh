#!/bin/sh
# Self-test of run_reliability.py: a "tape-tidy" that never finishes.
exec sleep 600
