"""A storyboard preview: one key frame per caption step, without rendering video.

The scene is built the way the tests build it (manim's ``skip_animations``:
every animation jumps to its end), at a small size, with no file written. A
frame is drawn only where a caption step ends (``IntuitionScene.step_hook``),
which is where the storyboard format takes its panels, so a preview costs the
scene's construction and a handful of frames instead of hundreds.

Speed-ups applied once in the calling process (the studio's warm worker, and
every render: production.rendering.scene_context); renders made there
afterwards are pixel-identical to what they were:

- manim's in-memory SVG cache is used for Pango text too (it is on for Typst
  and LaTeX, off for ``Text`` by default), and a finished ``Text`` or
  ``Typst`` formula is kept by its arguments: a caption, label or number seen
  before is unpickled from its bytes, or copied once it is used often (see
  :class:`_Kept`), not parsed and set up again; without the SVG's groups by
  element id that nothing reads (3-4x the mobjects drawn, made again by every copy);
- copies of mobjects share what is never changed after it is made: colours
  (``ManimColor`` values are immutable) and the parsed SVG path a glyph was
  built from (read only while the glyph is first made). Copies are most of the
  cost of building a scene in skip mode;
- a mobject's copy takes the short road for what it holds: immutable values
  are kept, number arrays are copied once each (aliasing kept, as
  ``copy.deepcopy`` keeps it), the rest goes through ``copy.deepcopy``. The
  copy is the one ``copy.deepcopy`` makes, without its per-value dispatch.
"""

from __future__ import annotations

import copy
import io
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intuition.aspects import DEFAULT_ASPECT, frame_units, pixel_size
from production import typeset_cache

# manim's SVG cache keeps every distinct text, and so would ours: a worker that runs for hours stays bounded
SVG_CACHE_LIMIT = 150
# a finished caption is ~0.6 MB as a mobject and ~40 kB as bytes, a formula ~0.2 MB and ~12 kB: 120 MB at most
FINISHED_LIMIT = 200
# A finished text's first uses in a process each take a mobject unpickled from its bytes: it is new, so
# no copy is made, and most texts are used once per build. From the next use on it is kept as a
# mobject too, and copied (a copy takes about 0.7x the time of unpickling one).
DECODED_USES = 2


@dataclass
class _Kept:
    """A finished Text or Typst mobject: its bytes (production.typeset_cache.encode), and the
    mobject itself once it is used more than DECODED_USES times (or when it does not pickle)."""

    data: bytes | None
    mob: Any = None
    uses: int = 1

    def take(self) -> Any:
        """A mobject of one's own, as made."""
        self.uses += 1
        if self.mob is None:
            mob = typeset_cache.decode(self.data)
            if self.uses <= DECODED_USES:
                return mob
            self.mob = mob
        return copy.deepcopy(self.mob)


_FINISHED: OrderedDict[str, _Kept] = OrderedDict()  # finished Text and Typst mobjects by their arguments


class PreviewCancelled(Exception):
    """Raised inside a preview when ``should_stop()`` says a newer one has replaced it."""


@dataclass(frozen=True)
class KeyFrame:
    """The last frame of one caption step, as PNG bytes."""

    caption: str
    start: float
    end: float
    png: bytes = field(repr=False)


@dataclass(frozen=True)
class Preview:
    scene: str
    frames: list[KeyFrame]
    duration: float  # seconds the rendered clip will last
    seconds: float  # what the preview cost
    size: tuple[int, int]


_sped_up = False


def speed_up_copies() -> None:
    """The process-wide speed-ups described above (idempotent)."""
    global _sped_up
    if _sped_up:
        return
    from manim import MathTypst, Mobject, Text, Typst
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
    from manim.utils.color.core import ManimColor

    ManimColor.__deepcopy__ = lambda self, memo: self
    ManimColor.__copy__ = lambda self: self

    def glyph_copy(self, memo):
        path = self.__dict__.get("path_obj")
        if path is not None:
            memo[id(path)] = path  # shared, not copied
        return quick_deepcopy(self, memo)

    VMobjectFromSVGPath.__deepcopy__ = glyph_copy
    Mobject.__deepcopy__ = quick_deepcopy
    for cls in (Text, Typst, MathTypst):
        _remember_finished(cls, svg_cache=cls is Text)
    _sped_up = True


_ATOMIC = (int, float, bool, str, type(None), complex, bytes)


def quick_deepcopy(self: Any, memo: dict) -> Any:
    """``Mobject.__deepcopy__`` as manim writes it, with the common values copied directly."""
    import enum

    import numpy as np
    from manim.utils.color.core import ManimColor

    cls = self.__class__
    result = cls.__new__(cls)
    memo[id(self)] = result
    fields = result.__dict__
    for key, value in self.__dict__.items():
        kind = type(value)
        if kind in _ATOMIC or kind is ManimColor or isinstance(value, enum.Enum):
            fields[key] = value
        elif kind is np.ndarray and value.dtype != object:
            made = memo.get(id(value))
            if made is None:
                made = memo[id(value)] = value.copy()
                memo.setdefault(id(memo), []).append(value)  # kept alive, as copy.deepcopy does
            fields[key] = made
        elif kind is list and not value and id(value) not in memo:
            made = memo[id(value)] = []
            memo.setdefault(id(memo), []).append(value)
            fields[key] = made
        else:
            fields[key] = copy.deepcopy(value, memo)
    result.original_id = str(id(self))
    return result


def _remember_finished(cls: type, svg_cache: bool) -> None:
    """Keep each finished ``cls`` (exactly that class) by its arguments; hand out copies.

    ``svg_cache``: turn manim's SVG cache on for it (it is off by default for Text).
    """
    from manim import config

    init = cls.__init__

    def remembered_init(self, *args: Any, **kwargs: Any) -> None:
        if svg_cache:
            kwargs.setdefault("use_svg_cache", True)
        key = None
        if type(self) is cls and kwargs.get("use_svg_cache", True):
            # Pango lays text out on a canvas of the frame's pixels (a long line wraps on a small one),
            # and Typst's strokes follow the pixels per unit: the frame is part of what made it
            frame = (config.pixel_width, config.pixel_height, config.frame_width, config.frame_height)
            key = repr((cls.__name__, args, sorted(kwargs.items()), frame))
        kept = _FINISHED.get(key) if key is not None else None
        if kept is not None:
            _FINISHED.move_to_end(key)  # least recently used goes first
            self.__dict__.update(kept.take().__dict__)
            return
        if key is not None:
            data = typeset_cache.read(key)  # made by another process, or an earlier run
            made = typeset_cache.decode(data, key) if data is not None else None
            if made is not None:
                _keep(key, _Kept(data))
                self.__dict__.update(made.__dict__)
                return
        init(self, *args, **kwargs)
        _drop_unread_groups(self)
        if key is not None:
            data = typeset_cache.save(key, self)
            _keep(key, _Kept(data) if data is not None else _Kept(None, copy.deepcopy(self)))

    remembered_init.__doc__ = init.__doc__
    cls.__init__ = remembered_init


def _drop_unread_groups(mob: Any) -> None:
    """Forget the SVG's groups by element id that nothing reads: all of a ``Text``'s, and a
    Typst formula's other than its labels (what ``select`` reads).

    manim keeps a VGroup for every group of the SVG (each glyph and line of a Text sits in
    3-4 of them), and every copy and unpickling of the text makes them again: three
    times the mobjects it draws. The glyphs stay where they are, so no pixel changes.
    """
    groups = getattr(mob, "id_to_vgroup_dict", None)
    if not groups:
        return
    labelled = {key for keys in getattr(mob, "_label_aliases", {}).values() for key in keys}
    mob.id_to_vgroup_dict = {key: group for key, group in groups.items() if key in labelled}


def _keep(key: str, kept: _Kept) -> None:
    """Remember ``kept`` under ``key``; the least recently used go past :data:`FINISHED_LIMIT`."""
    _FINISHED[key] = kept
    _FINISHED.move_to_end(key)
    while len(_FINISHED) > FINISHED_LIMIT:
        _FINISHED.popitem(last=False)


def _trim_svg_cache() -> None:
    from manim.mobject.svg import svg_mobject

    cache = svg_mobject.SVG_HASH_TO_MOB_MAP
    extra = len(cache) - SVG_CACHE_LIMIT
    if extra > 0:
        for key in list(cache)[:extra]:  # oldest first (dicts keep insertion order)
            del cache[key]


def _png(pixels: Any) -> bytes:
    import numpy as np
    from PIL import Image

    image = Image.fromarray(np.asarray(pixels, dtype=np.uint8)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def preview_scene(name: str, params: Any, *, size: tuple[int, int] = (480, 270), fps: int = 15,
                  typesetter: str = "typst",
                  media_dir: str | Path | None = None,
                  should_stop: Callable[[], bool] | None = None) -> Preview:
    """Build scene ``name`` with validated ``params`` and return a key frame per caption step.

    Times (each step's start and end, the duration) are on the clip's clock at ``fps``.

    ``media_dir`` keeps manim's typeset SVG files between calls (a temporary
    folder when None). ``should_stop`` is asked at every step; when it answers
    True the preview stops with :class:`PreviewCancelled`.
    """
    from manim import tempconfig

    from production.sources import resolve
    from scenes import style
    from scenes.base import IntuitionScene

    speed_up_copies()
    ref = resolve(name)
    scene_class = ref.load_class()
    started = time.perf_counter()
    frames: list[KeyFrame] = []
    # ``size`` is the 16:9 size; a clip of another aspect keeps its short side
    width, height = pixel_size(getattr(params, "aspect", DEFAULT_ASPECT), min(size))
    frame_width, frame_height = frame_units(width, height)
    holder = tempfile.TemporaryDirectory(prefix="intuition-preview-") if media_dir is None else None
    folder = str(media_dir) if media_dir is not None else holder.name
    config = {
        "dry_run": True, "quality": "low_quality", "pixel_width": width, "pixel_height": height,
        "frame_width": frame_width, "frame_height": frame_height,
        "frame_rate": fps, "media_dir": folder, "progress_bar": "none", "verbosity": "ERROR",
        "disable_caching": True,
    }
    real_update: dict[str, Any] = {}

    def step(scene: Any) -> None:
        if should_stop is not None and should_stop():
            raise PreviewCancelled(name)
        renderer = scene.renderer
        renderer.static_image = None  # draw everything, not over a stale background
        real_update["f"](scene)
        text, start = (scene.captions[-1].text, scene.captions[-1].start) if scene.captions else ("", 0.0)
        now = float(getattr(scene, "video_time", scene.time))  # the clip's clock: whole frames
        frames.append(KeyFrame(text, round(start, 3), round(now, 3), _png(renderer.get_frame())))

    previous = IntuitionScene.step_hook
    style.set_typesetter(typesetter)
    IntuitionScene.step_hook = step
    try:
        with tempconfig(config):
            scene = scene_class(params=params, skip_animations=True)
            renderer = scene.renderer
            real_update["f"] = renderer.update_frame
            # nothing is drawn between key frames: no frame per play, no static background
            renderer.update_frame = lambda *args, **kwargs: None
            scene.skip_animation_preview = True
            scene.render()
            duration = float(getattr(scene, "video_time", scene.time))
    finally:
        IntuitionScene.step_hook = previous
        style.set_typesetter("typst")
        _trim_svg_cache()
        if holder is not None:
            holder.cleanup()
    return Preview(scene=ref.name, frames=frames, duration=round(duration, 3),
                   seconds=round(time.perf_counter() - started, 3), size=(width, height))
