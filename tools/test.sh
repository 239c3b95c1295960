#!/usr/bin/env bash
# The whole test suite: installs what it needs, runs ruff, then pytest (which also checks
# the README's transcripts against the real output: tests/test_readme.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash tools/bootstrap.sh --test
# lint first: a finding fails the run in seconds (rules in pyproject.toml)
.venv/bin/ruff check --quiet .
# The suite starts many Python processes (the xdist workers, CLI and cache subprocesses); with
# PYTHONDONTWRITEBYTECODE set (some images set it) each compiles every module of ours and pytest
# rewrites every test file's asserts again: about 4 s a process. The caches go to __pycache__/
# (git-ignored) inside this checkout.
unset PYTHONDONTWRITEBYTECODE
exec .venv/bin/python -m pytest "$@"
