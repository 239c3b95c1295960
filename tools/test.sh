#!/usr/bin/env bash
# The whole test suite: installs what it needs, then runs pytest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash tools/bootstrap.sh --test
exec .venv/bin/python -m pytest "$@"
