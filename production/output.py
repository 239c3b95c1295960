"""Where a render's files go, how a finished one is recognised, and how files
are put in place. No manim import here: a cache hit must not pay for it.

Layout, one folder per scene, one name per parameter set::

    media/matrix-transform/matrix-transform-3fa2c19e0b.mp4
    media/matrix-transform/matrix-transform-3fa2c19e0b.srt    subtitles
    media/matrix-transform/matrix-transform-3fa2c19e0b.json   manifest (written last)

The key (``production.jobs``) hashes everything that changes the pixels. The manifest
is written after the media, so a clip is complete exactly when its manifest
exists and names files that exist.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from production.jobs import RenderJob


def read_manifest(job: RenderJob) -> dict[str, Any] | None:
    """The manifest of a finished render of exactly this job, or None."""
    try:
        data = json.loads(job.manifest_path.read_text())
    except (OSError, ValueError):
        return None
    if data.get("key") != job.key:
        return None
    files = [job.folder / name for name in data.get("files", [])]
    if not files or not all(f.is_file() and f.stat().st_size > 0 for f in files):
        return None
    return data


def check_writable(out_dir: Path, subfolders: tuple[str, ...] = ()) -> None:
    """Fail early, in one line, when the output folder cannot be written.

    Tries for real (permissions alone say nothing for root or read-only mounts),
    and looks at each scene's folder, so a file in its way is found before
    minutes of rendering, not after.
    """
    from intuition.errors import IntuitionError

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=".probe-"):
            pass
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise IntuitionError(f"cannot write to output folder '{out_dir}': {reason} (choose another with -o)") from None
    for name in subfolders:
        folder = out_dir / name
        if folder.exists() and not folder.is_dir():
            raise IntuitionError(
                f"cannot write to output folder '{folder}': a file of that name is in the way "
                "(move it, or choose another folder with -o)"
            )


def publish(job: RenderJob, produced: dict[str, Path], info: dict[str, Any]) -> dict[str, Any]:
    """Move finished files into place, manifest last, each by an atomic rename.

    ``produced`` maps a suffix (".mp4", ".srt", ...) to a finished file in a
    temporary folder on the same file system as the output.
    """
    job.folder.mkdir(parents=True, exist_ok=True)
    names = []
    for suffix, src in produced.items():
        dest = job.folder / f"{job.stem}{suffix}"
        os.replace(src, dest)
        names.append(dest.name)
    manifest = {
        "key": job.key,
        **job.identity(),
        "label": job.label,
        "files": names,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **info,
    }
    tmp = job.folder / f".{job.stem}.json.partial"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(tmp, job.manifest_path)
    return manifest


def scratch_dir(out_dir: Path) -> tempfile.TemporaryDirectory:
    """A private working folder beside the output (same file system: renames are atomic).

    Each render gets its own, which also keeps two processes from sharing
    manim's fixed temporary file names inside a media folder.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=out_dir, prefix=".rendering-")


def remove_stale_scratch(out_dir: Path, older_than: float = 6 * 3600) -> None:
    """Clear working folders left by a killed process (SIGKILL skips clean-up)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return
    now = time.time()
    for d in out_dir.glob(".rendering-*"):
        try:
            if now - d.stat().st_mtime > older_than:
                shutil.rmtree(d, ignore_errors=True)
        except OSError:
            pass


def all_manifests(out_dir: Path) -> list[dict[str, Any]]:
    """Every finished clip under ``out_dir``, newest first (for the gallery)."""
    found = []
    for path in Path(out_dir).glob("*/*.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if "key" in data and "files" in data:
            data["_folder"] = str(path.parent)
            found.append(data)
    return sorted(found, key=lambda d: d.get("created", ""), reverse=True)
