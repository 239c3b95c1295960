"""Typeset text and formulas kept on disk, shared by every process of this user.

Making a ``Text`` or a Typst formula is most of what a scene's first build
costs (Pango or Typst writes an SVG, svgelements parses it, manim turns each
path into a mobject): 5-8x a build whose words were seen before. The warm
worker (``production.preview``) keeps finished ones in memory; this keeps
them between processes too, so a new test worker, a new studio worker or the
next run starts warm.

An entry is the finished mobject, pickled, under the hash of everything that
made it: its class, arguments and frame size, manim's and Typst's versions, the installed
fonts (the folders' times, so installing a font package starts afresh) and
:data:`FORMAT`. Entries are written to a temporary name and renamed, so
processes racing on one entry each read a whole file. The folder is trimmed
to :data:`LIMIT_BYTES`, oldest first.

The folder is ``$INTUITION_TYPESET_CACHE``, else ``$XDG_CACHE_HOME/intuition/typeset``
(``~/.cache/intuition/typeset``); ``INTUITION_TYPESET_CACHE=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = 3  # bump when what is kept (or how) changes (2: the frame's size is in the key; 3: no unread SVG groups)
LIMIT_BYTES = 300 * 1024 * 1024
_TRIM_EVERY = 200  # writes between two looks at the folder's size
_writes = 0


def folder() -> Path | None:
    """Where entries are kept (None: the cache is off)."""
    chosen = os.environ.get("INTUITION_TYPESET_CACHE", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "intuition" / "typeset"


@cache
def _stamp() -> str:
    """What typesetting depends on besides the arguments: versions, and the fonts installed."""
    import manim

    parts = [f"format {FORMAT}", f"manim {manim.__version__}"]
    try:
        from importlib.metadata import version

        parts.append(f"typst {version('typst')}")
    except Exception:  # noqa: BLE001 - no typst package: formulas are not made with it
        parts.append("typst none")
    for root in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"),
                 str(Path.home() / ".local/share/fonts")):
        for path, _dirs, _files in os.walk(root):
            parts.append(f"{path} {os.stat(path).st_mtime_ns}")
    return "\n".join(parts)


def _path(key: str) -> Path | None:
    root = folder()
    if root is None:
        return None
    digest = hashlib.sha256(f"{_stamp()}\n{key}".encode()).hexdigest()
    return root / digest[:2] / f"{digest}.pkl"


def load(key: str) -> Any | None:
    """The mobject kept under ``key``, or None (not kept, or unreadable: made again)."""
    data = read(key)
    return decode(data, key) if data is not None else None


def read(key: str) -> bytes | None:
    """The bytes kept under ``key`` (as :func:`encode` made them), or None."""
    path = _path(key)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def decode(data: bytes, key: str | None = None) -> Any | None:
    """The mobject in ``data``; None when it is damaged (and then the entry under ``key`` goes)."""
    try:
        return pickle.loads(zlib.decompress(data))
    except Exception:  # noqa: BLE001 - a damaged entry is a miss
        path = _path(key) if key is not None else None
        if path is not None:
            path.unlink(missing_ok=True)
        return None


def encode(mob: Any) -> bytes | None:
    """``mob`` as bytes, without what is read only while it is made; None if it does not pickle."""
    # the parsed SVG path each glyph was made from is read only while it is made: not kept
    held = [(m, m.__dict__.pop("path_obj")) for m in mob.get_family() if "path_obj" in m.__dict__]
    try:
        return zlib.compress(pickle.dumps(mob, protocol=pickle.HIGHEST_PROTOCOL), 1)
    except Exception:  # noqa: BLE001 - something in it does not pickle: not kept
        return None
    finally:
        for m, path_obj in held:
            m.path_obj = path_obj


def save(key: str, mob: Any) -> bytes | None:
    """Keep ``mob`` under ``key`` and return its bytes (None: it does not pickle). A full disk
    or a read-only folder only means nothing is kept on disk."""
    data = encode(mob)
    if data is not None:
        write(key, data)
    return data


def write(key: str, data: bytes) -> None:
    """Keep ``data`` (made by :func:`encode`) under ``key``."""
    global _writes
    path = _path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        return
    _writes += 1
    if _writes % _TRIM_EVERY == 1:
        trim(path.parent.parent)


def trim(root: Path, limit: int = LIMIT_BYTES) -> None:
    """Remove the oldest entries until the folder holds at most ``limit`` bytes."""
    try:
        entries = [(p.stat().st_mtime, p.stat().st_size, p) for p in root.glob("*/*.pkl")]
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, p in sorted(entries):
        if total <= limit:
            break
        p.unlink(missing_ok=True)
        total -= size
