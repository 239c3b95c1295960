"""One clip to render, and the defaults every caller shares.

A :class:`RenderJob` is what the planner makes from a request and what a
worker renders. Its key hashes everything that changes the pixels: the
scene's code and the code it uses, its parameters, the bytes of each input
file a parameter names, quality, size, frame rate and format. No manim import
here: a cache hit must not pay for it.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intuition.aspects import DEFAULT_ASPECT, aspect_of, pixel_size

if TYPE_CHECKING:
    from intuition.params import SceneParams

# --- the defaults, in one place ---------------------------------------------------

QUALITIES: dict[str, dict[str, Any]] = {
    "l": {"name": "low_quality", "width": 854, "height": 480, "fps": 15},
    "m": {"name": "medium_quality", "width": 1280, "height": 720, "fps": 30},
    "h": {"name": "high_quality", "width": 1920, "height": 1080, "fps": 60},
    "k": {"name": "fourk_quality", "width": 3840, "height": 2160, "fps": 60},
}
DEFAULT_QUALITY = "m"
DEFAULT_FORMAT = "mp4"
# gifs are for slides and web pages: small unless asked otherwise
FORMAT_DEFAULT_QUALITY = {"gif": "l"}
FORMAT_DEFAULT_FPS = {"gif": 10}
VIDEO_FORMATS = ("mp4", "webm", "mov", "gif")
FORMATS = (*VIDEO_FORMATS, "png", "storyboard")
ALPHA_FORMATS = ("webm", "mov", "gif", "png")
TYPESETTERS = ("typst", "latex")
DEFAULT_TYPESETTER = "typst"
# what lands next to the main file; the gallery and the cache read these names
SUFFIX = {"storyboard": ".storyboard.png"}
POSTER = ".poster.png"


def default_quality(fmt: str) -> str:
    return FORMAT_DEFAULT_QUALITY.get(fmt, DEFAULT_QUALITY)


def preset_fps(quality: str, fmt: str) -> int:
    """The frame rate a clip gets when none is asked for."""
    return min(FORMAT_DEFAULT_FPS.get(fmt, 10**6), QUALITIES[quality]["fps"])


def check_resolution(width: int, height: int) -> tuple[int, int]:
    """A frame size the scenes can be drawn at: even sides (yuv420p needs them), in one of the aspects."""
    if not (36 <= min(width, height) and max(width, height) <= 7680 and min(width, height) <= 4320) \
            or width % 2 or height % 2:
        raise ValueError("sides must be even, 36..4320 on the short side and at most 7680 on the long one, "
                         "e.g. 1280x720")
    if aspect_of(width, height) is None:
        raise ValueError("must be 16:9, 9:16, 1:1 or 4:3 (the shapes scenes re-flow to), e.g. 1280x720, "
                         "720x1280, 1080x1080, 1024x768")
    return width, height


@dataclass(frozen=True)
class RenderJob:
    """One clip to render: a scene, its validated parameters, and how to write it.

    ``source`` says where the class lives ("module:Class", or "/path/file.py:Class"
    for a teacher's own file); ``code`` and ``inputs`` are digests the planner
    fills in, so the key changes exactly when the pixels may.
    """

    scene: str
    params: SceneParams
    quality: str = DEFAULT_QUALITY
    fmt: str = DEFAULT_FORMAT
    out_dir: Path = Path("media")
    typesetter: str = DEFAULT_TYPESETTER
    transparent: bool = False
    label: str = ""  # a lesson's clip title, for summaries
    resolution: tuple[int, int] | None = None  # overrides the quality's size
    fps: int | None = None  # overrides the quality's frame rate
    frame: float | None = None  # png only: the frame at this second instead of the last
    draft: bool = False  # fastest encoder preset: quick to check, bigger file
    source: str = ""
    code: str = ""  # digest of the scene's source and every module it uses
    inputs: tuple[tuple[str, str], ...] = ()  # (parameter, sha256 of the file it names)
    # how many chunks to render the clip in, side by side (None: decided from its length and the workers);
    # not part of the key: the chunks join into the very video one process writes
    chunks: int | None = field(default=None, compare=False)
    # a class defined where no other process can import it (a notebook cell): rendered in this process
    scene_class: type | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # an option equal to what the preset gives anyway is no option: same key, same file
        if self.resolution is not None and tuple(self.resolution) == self.preset_size:
            object.__setattr__(self, "resolution", None)
        if self.fps is not None and self.fps == preset_fps(self.quality, self.fmt):
            object.__setattr__(self, "fps", None)
        if self.fmt != "png":
            object.__setattr__(self, "frame", None)

    @property
    def preset_size(self) -> tuple[int, int]:
        """The quality's size in the clip's aspect: the preset's height is the short side."""
        aspect = getattr(self.params, "aspect", DEFAULT_ASPECT)
        return pixel_size(aspect, QUALITIES[self.quality]["height"])

    @property
    def size(self) -> tuple[int, int]:
        return self.resolution or self.preset_size

    @property
    def frame_rate(self) -> int:
        return self.fps or preset_fps(self.quality, self.fmt)

    def identity(self) -> dict[str, Any]:
        from intuition.jsonable import to_jsonable
        from production.fingerprint import version_of

        optional = {
            "resolution": list(self.resolution) if self.resolution else None,
            "fps": self.fps,
            "frame": self.frame,
            "draft": self.draft or None,
            "inputs": dict(self.inputs) or None,
        }
        return {
            "scene": self.scene,
            "source": self.source,
            "params": to_jsonable(self.params.model_dump()),
            "quality": self.quality,
            "format": self.fmt,
            "typesetter": self.typesetter,
            "transparent": self.transparent,
            "code": self.code,
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
