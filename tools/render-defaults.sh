#!/usr/bin/env bash
# Renders every scene with its defaults into media/ (cached: a re-run is quick).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash tools/bootstrap.sh
exec .venv/bin/python render.py render --all -q l "$@"
