"""Answer a repeated render command without importing manim, numpy or pydantic.

A render command is remembered by a digest of everything that decides its
output: the arguments as typed, the working folder, the bytes of each lesson
file, the toolkit's source and manim's version. The record also lists every
other file the clips read (data files, a teacher's scene file and its
helpers) with its digest. When the same command comes again, every such file
is unchanged and every clip it produced is still complete on disk, the CLI
prints the same table and stops, in a fraction of a second. Anything else falls through to the normal
path, which validates parameters and has its own per-clip cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from production.fingerprint import file_digest, toolkit_digest, version_of


def request_key(options: dict[str, Any], config_paths: tuple[str, ...]) -> str | None:
    """Digest of a render command, or None when it cannot be recalled safely."""
    files = []
    for p in config_paths:
        try:
            files.append(hashlib.sha256(Path(p).read_bytes()).hexdigest())
        except OSError:
            return None  # let the normal path report the missing file
    blob = json.dumps(
        {
            "options": options,
            "configs": files,
            "cwd": os.getcwd(),
            "intuition": toolkit_digest(),
            "manim": version_of("manim"),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def _record_path(out_dir: Path, key: str) -> Path:
    return Path(out_dir) / ".requests" / f"{key}.json"


def remember(out_dir: Path, key: str, clips: list[dict[str, Any]], read: list[Path] = ()) -> None:
    """Keep the clips a command produced, and the digests of the files they were made from."""
    path = _record_path(out_dir, key)
    try:
        files = {str(Path(p).resolve()): file_digest(p) for p in read}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.partial")
        tmp.write_text(json.dumps({"clips": clips, "read": files}))
        os.replace(tmp, path)
    except OSError:
        pass  # only a shortcut: failing to remember costs a slower next run


def recall(out_dir: Path, key: str) -> list[dict[str, Any]] | None:
    """The clips of an earlier identical command, if every one is still complete."""
    try:
        record = json.loads(_record_path(out_dir, key).read_text())
        clips = record["clips"]
        for name, digest in record.get("read", {}).items():
            if file_digest(name) != digest:
                return None  # a data or scene file changed: plan again
    except (OSError, ValueError, KeyError, TypeError):
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
