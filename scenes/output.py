"""Where a render's files go, how a finished one is recognised, and how files
are put in place. No manim import here: a cache hit must not pay for it.

Layout, one folder per scene, one name per parameter set::

    media/matrix-transform/matrix-transform-3fa2c19e0b.mp4
    media/matrix-transform/matrix-transform-3fa2c19e0b.srt    subtitles
    media/matrix-transform/matrix-transform-3fa2c19e0b.json   manifest (written last)

The key hashes everything that changes the pixels: scene, parameters,
quality, format, typesetter, and the toolkit and manim versions. The manifest
is written after the media, so a clip is complete exactly when its manifest
exists and names files that exist.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intuition.jsonable import to_jsonable
from scenes.request_cache import toolkit_version, version_of

if TYPE_CHECKING:
    from intuition.params import SceneParams

QUALITIES: dict[str, dict[str, Any]] = {
    "l": {"name": "low_quality", "width": 854, "height": 480, "fps": 15},
    "m": {"name": "medium_quality", "width": 1280, "height": 720, "fps": 30},
    "h": {"name": "high_quality", "width": 1920, "height": 1080, "fps": 60},
    "k": {"name": "fourk_quality", "width": 3840, "height": 2160, "fps": 60},
}
VIDEO_FORMATS = ("mp4", "webm", "mov", "gif")
FORMATS = (*VIDEO_FORMATS, "png", "storyboard")
TYPESETTERS = ("typst", "latex")
# what lands next to the main file; the gallery and the cache read these names
SUFFIX = {"storyboard": ".storyboard.png"}
POSTER = ".poster.png"




@dataclass(frozen=True)
class RenderJob:
    """One clip to render: a scene, its validated parameters, and how to write it."""

    scene: str
    params: SceneParams
    quality: str = "l"
    fmt: str = "mp4"
    out_dir: Path = Path("media")
    typesetter: str = "typst"
    transparent: bool = False
    label: str = ""  # a lesson's clip title, for summaries
    resolution: tuple[int, int] | None = None  # overrides the quality's size
    fps: int | None = None  # overrides the quality's frame rate
    frame: float | None = None  # png only: the frame at this second instead of the last
    draft: bool = False  # fastest encoder preset: quick to check, bigger file

    @property
    def size(self) -> tuple[int, int]:
        q = QUALITIES[self.quality]
        return self.resolution or (q["width"], q["height"])

    @property
    def frame_rate(self) -> int:
        return self.fps or QUALITIES[self.quality]["fps"]

    def identity(self) -> dict[str, Any]:
        optional = {
            "resolution": list(self.resolution) if self.resolution else None,
            "fps": self.fps,
            "frame": self.frame,
            "draft": self.draft or None,
        }
        return {
            "scene": self.scene,
            "params": to_jsonable(self.params.model_dump()),
            "quality": self.quality,
            "format": self.fmt,
            "typesetter": self.typesetter,
            "transparent": self.transparent,
            "intuition": toolkit_version(),
            "manim": version_of("manim"),
            **{k: v for k, v in optional.items() if v is not None},
        }

    @property
    def key(self) -> str:
        blob = json.dumps(self.identity(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:10]

    @property
    def stem(self) -> str:
        return f"{self.scene}-{self.key}"

    @property
    def folder(self) -> Path:
        return Path(self.out_dir) / self.scene

    @property
    def suffix(self) -> str:
        return SUFFIX.get(self.fmt, f".{self.fmt}")

    @property
    def media_path(self) -> Path:
        return self.folder / f"{self.stem}{self.suffix}"

    @property
    def subtitles_path(self) -> Path:
        return self.folder / f"{self.stem}.srt"

    @property
    def manifest_path(self) -> Path:
        return self.folder / f"{self.stem}.json"

    @property
    def lock_path(self) -> Path:
        # outside the output folder, so media/ only ever holds finished clips
        digest = hashlib.sha256(str(self.media_path.resolve()).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / "intuition-locks" / f"{digest}.lock"


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
            raise IntuitionError(f"cannot write to output folder '{folder}': a file of that name is in the way "
                                 "(move it, or choose another folder with -o)")


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
