"""A render request: what the user asked for, before anything is checked.

Light on purpose (no numpy, pydantic or manim): a repeated command is
answered from the request cache with nothing more than this imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intuition.errors import IntuitionError
from production.jobs import DEFAULT_TYPESETTER


class RequestError(IntuitionError):
    """Options that contradict each other, or name nothing to render."""


@dataclass(frozen=True)
class RenderRequest:
    """What to render and how. Every field has the default a user gets from the CLI.

    ``scenes`` are catalog names, class names or ``FILE.py:Class``; ``classes``
    are scene classes given directly (the notebook's ``.show()``). ``sets`` are
    ``KEY=VALUE`` texts as typed, ``values`` parameters already in Python form
    (``values`` win over ``sets``, both over lesson files).
    """

    scenes: tuple[str, ...] = ()
    classes: tuple[type, ...] = ()
    sets: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    lessons: tuple[str | Path, ...] = ()
    all_scenes: bool = False
    quality: str | None = None  # None: the format's default (m, or l for gif)
    fmt: str | None = None  # None: mp4 (or the lesson's format)
    transparent: bool = False
    resolution: tuple[int, int] | None = None
    fps: int | None = None
    frame: float | None = None  # a frame at this second, as PNG (implies fmt png)
    preview: bool = False  # just the last frame, as PNG
    draft: bool = False
    typesetter: str = DEFAULT_TYPESETTER
    out_dir: Path = Path("media")
    workers: int | None = None  # None: one per core
    chunks: int | None = None  # a single clip in exactly this many chunks (None: chosen from its length)
    executor: str = "local"  # or dask://HOST:PORT
    params: Any = None  # already validated parameters for a single class (``.show()``)

    def cache_options(self) -> dict[str, Any] | None:
        """What the request cache keys a command on, or None when it cannot be recalled safely."""
        if self.classes or self.values or self.params is not None or self.executor != "local":
            return None
        return {
            "scenes": list(self.scenes),
            "sets": list(self.sets),
            "all": self.all_scenes,
            "quality": self.quality,
            "fmt": self.fmt,
            "transparent": self.transparent,
            "resolution": list(self.resolution) if self.resolution else None,
            "fps": self.fps,
            "frame": self.frame,
            "preview": self.preview,
            "draft": self.draft,
            "typesetter": self.typesetter,
        }
