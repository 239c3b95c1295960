"""Digests for honest cache keys: the code a scene runs, and the files it reads.

The code digest of a scene is the hash of its module's source and of every
module of this toolkit it imports, followed through the import statements
(read with ``ast``, nothing is imported or run), plus the parts of the
production layer that make pixels. So editing a scene, the style or a math
model re-renders the clips that use it, and editing the gallery or a test does
not. A teacher's own file is followed the same way, together with the modules
beside it that it imports.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from intuition.codegraph import OWN_PACKAGES, ROOT, source_files

# the production modules whose code changes what a render writes
PIXEL_MODULES = ("production/rendering.py", "production/media.py", "production/gif.py", "production/jobs.py")


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def file_digest(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def code_files(*starts: Path | str) -> list[Path]:
    """Every source file reached from ``starts`` through imports, plus the pixel modules."""
    return source_files(*starts, *(ROOT / m for m in PIXEL_MODULES))


def code_digest(*starts: Path | str) -> str:
    """A short digest of the code reached from ``starts`` (see :func:`code_files`)."""
    h = hashlib.sha256()
    for path in code_files(*starts):
        try:
            name = str(path.relative_to(ROOT))
        except ValueError:
            name = path.name
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{version_of('intuition')}+{h.hexdigest()[:12]}"


@cache
def toolkit_digest() -> str:
    """All of the toolkit's pixel-making source at once: the request cache's coarse key.

    (A repeated command is answered before the catalog is loaded, so it cannot
    know which scene uses what; every single clip's own key is still exact.)
    """
    h = hashlib.sha256()
    files = [p for pkg in OWN_PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]
    for path in files + [ROOT / m for m in PIXEL_MODULES]:
        if path.is_file():
            h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return f"{version_of('intuition')}+{h.hexdigest()[:12]}"
