#!/usr/bin/env bash
# Renders every scene with its defaults into media/: the example lesson of each
# family (lessons/*.toml), then the gallery page media/index.html.
# Cached: a second run with nothing changed takes well under a second per lesson.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash tools/bootstrap.sh
configs=()
for f in lessons/*.toml; do configs+=(--config "$f"); done
.venv/bin/python render.py render "${configs[@]}" "$@"
exec .venv/bin/python render.py gallery
