"""Answer a repeated render command without importing manim, numpy or pydantic.

A render command is remembered by a digest of everything that decides its
output: the arguments as typed, the bytes of each lesson file, the toolkit's
source and manim's version. When the same command comes again and every clip
it produced is still complete on disk, the CLI prints the same table and
stops, in a fraction of a second. Anything else falls through to the normal
path, which validates parameters and has its own per-clip cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_FINGERPRINT: str | None = None


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def toolkit_version() -> str:
    """The package version plus a digest of the toolkit's source.

    Editing a scene changes its pixels without changing the version number,
    so the source itself is part of every cache key (hashing the ~60 small
    files takes a few milliseconds).
    """
    global _FINGERPRINT
    if _FINGERPRINT is None:
        h = hashlib.sha256()
        for folder in ("intuition", "scenes"):
            for path in sorted((ROOT / folder).rglob("*.py")):
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
        _FINGERPRINT = f"{version_of('intuition')}+{h.hexdigest()[:12]}"
    return _FINGERPRINT


def request_key(options: dict[str, Any], config_paths: tuple[str, ...]) -> str | None:
    """Digest of a render command, or None when it cannot be recalled safely."""
    files = []
    for p in config_paths:
        try:
            files.append(hashlib.sha256(Path(p).read_bytes()).hexdigest())
        except OSError:
            return None  # let the normal path report the missing file
    blob = json.dumps(
        {"options": options, "configs": files, "intuition": toolkit_version(), "manim": version_of("manim")},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def _record_path(out_dir: Path, key: str) -> Path:
    return Path(out_dir) / ".requests" / f"{key}.json"


def remember(out_dir: Path, key: str, clips: list[dict[str, Any]]) -> None:
    path = _record_path(out_dir, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.partial")
        tmp.write_text(json.dumps({"clips": clips}))
        os.replace(tmp, path)
    except OSError:
        pass  # only a shortcut: failing to remember costs a slower next run


def recall(out_dir: Path, key: str) -> list[dict[str, Any]] | None:
    """The clips of an earlier identical command, if every one is still complete."""
    try:
        clips = json.loads(_record_path(out_dir, key).read_text())["clips"]
    except (OSError, ValueError, KeyError):
        return None
    rows = []
    for clip in clips:
        folder = Path(out_dir) / clip["scene"]
        try:
            manifest = json.loads((folder / f"{clip['stem']}.json").read_text())
        except (OSError, ValueError):
            return None
        if manifest.get("key") != clip["key"]:
            return None
        if not all((folder / name).is_file() for name in manifest.get("files", [])):
            return None
        rows.append({**clip, "manifest": manifest})
    return rows
