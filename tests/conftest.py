"""Shared fixtures. The project root is importable (render.py lives there)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def stray_files(out: Path) -> list[Path]:
    """What a failed or interrupted render left in ``out``, apart from the shared caches
    (``.cache``: typeset SVGs, each put in place whole; ``.requests``: finished commands)."""
    out = Path(out)
    return [p for p in out.rglob("*") if not {".cache", ".requests"} & set(p.relative_to(out).parts)]
