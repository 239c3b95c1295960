"""Checks every scene's tests use: build a scene without writing video, then
assert that what is visible lies inside the frame and no two labels overlap.

    scene = build_scene("matrix-transform", matrix=[[1, 2], [3, 4]])
    assert_fits_frame(scene)
    assert_no_label_overlap(scene)

The checks look at the scene's last frame (after ``construct``). Mobjects that
are the backdrop (grid planes, which by design run off the frame edge) are
skipped; a scene marks its own with ``mob.backdrop = True``.

Builds are the slow part of the test suite (1-30 s each), so two things are
shared within one test process (one pytest-xdist worker):

- typeset formulas and text: every build reads and writes its SVGs in one
  folder per process (``svg_dir()``), as renders share them in production
  (``production.rendering.shared_svgs``). The path is stable, so manim's
  in-memory SVG cache (keyed by file path) is reused too. One folder per
  process: two processes in one folder race on manim's ``<hash>_.svg``.
- scenes built at their defaults: a scene's own tests usually build its
  defaults, and so does tests/test_every_scene_builds.py; the second build
  returns the first scene (after validation: ``{}`` and the spelled-out
  defaults are one build). The checks only read a scene. ``conftest.py``
  runs the two on one worker, one after the other.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
from manim import (
    BackgroundRectangle,
    DecimalNumber,
    MathTex,
    Mobject,
    NumberPlane,
    SingleStringMathTex,
    Tex,
    Text,
    Typst,
    VMobject,
    config,
    tempconfig,
)

from intuition import catalog
from intuition.aspects import DEFAULT_ASPECT, check_aspect, frame_units, pixel_size
from production.preview import speed_up_copies

LABEL_TYPES = (Text, Tex, MathTex, SingleStringMathTex, Typst, DecimalNumber)


_SVG_DIR: Path | None = None
_AT_DEFAULTS: OrderedDict[tuple, object] = OrderedDict()
KEEP_AT_DEFAULTS = 3  # scenes kept for a repeated build at the defaults (~20 MB each)


def svg_dir() -> Path:
    """This process's folder of typeset SVGs (``Tex/`` and ``texts/``), removed at exit."""
    global _SVG_DIR
    if _SVG_DIR is None or not _SVG_DIR.is_dir():
        _SVG_DIR = Path(tempfile.mkdtemp(prefix=f"intuition-test-svgs-{os.getpid()}-"))
        atexit.register(shutil.rmtree, _SVG_DIR, True)
    return _SVG_DIR


def _build_key(cls, params: dict) -> tuple | None:
    """What the scene is built from: its class and its validated parameters (None: not known)."""
    try:
        values = cls.build_params(params).model_dump(mode="json")
        return (cls, json.dumps(values, sort_keys=True, default=repr))
    except Exception:
        return None  # invalid parameters: let the real build raise its own error


def build_scene(name_or_class, *, fresh: bool = False, **params):
    """Construct a scene with ``params`` (no video, animations skipped) and return it.

    A scene built at its defaults (the parameters, once validated, are the
    defaults: ``{}`` or spelled out) is built once: a repeated build returns the
    earlier scene (``fresh=True`` builds anew). Do not change what it returns.
    Other parameters never repeat in the suite, so they are always built.
    """
    cls = catalog.get(name_or_class).load_class() if isinstance(name_or_class, str) else name_or_class
    # the studio's warm-worker speed-ups (a text seen before is a copy; copies share immutable parts):
    # the same geometry, about twice as fast, and the suite exercises what the studio's previews use
    speed_up_copies()
    key = None if fresh else _build_key(cls, params)
    if key is not None and key != _build_key(cls, {}):
        key = None
    if key is not None and key in _AT_DEFAULTS:
        _AT_DEFAULTS.move_to_end(key)
        return _AT_DEFAULTS[key]
    svgs = svg_dir()
    # the frame of the clip's aspect, as a render at -q l makes it (8 units on the short side)
    width, height = pixel_size(check_aspect(params.get("aspect", DEFAULT_ASPECT)), 480)
    frame_w, frame_h = frame_units(width, height)
    with (
        tempfile.TemporaryDirectory() as media,
        tempconfig(
            {
                "dry_run": True,
                "quality": "low_quality",
                "pixel_width": width,
                "pixel_height": height,
                "frame_width": frame_w,
                "frame_height": frame_h,
                "media_dir": media,
                # one folder per frame size: Pango lays text out on the frame's pixels
                "tex_dir": str(svgs / f"{width}x{height}" / "Tex"),
                "text_dir": str(svgs / f"{width}x{height}" / "texts"),
                "progress_bar": "none",
                "verbosity": "WARNING",
                "disable_caching": True,
            }
        ),
    ):
        scene = cls(skip_animations=True, **params)
        scene.render()
        # keep the frame size the scene was built for, for the checks below
        scene.checked_frame = (config.frame_width, config.frame_height)
    if key is not None:
        _AT_DEFAULTS[key] = scene
        while len(_AT_DEFAULTS) > KEEP_AT_DEFAULTS:
            _AT_DEFAULTS.popitem(last=False)
    return scene


def _is_backdrop(mob: Mobject) -> bool:
    return isinstance(mob, (NumberPlane, BackgroundRectangle)) or getattr(mob, "backdrop", False)


def _visible(mob: Mobject) -> bool:
    if not isinstance(mob, VMobject) or not mob.has_points():
        return False  # trackers and other point-less helpers draw nothing
    fill = mob.get_fill_opacity()
    stroke = mob.get_stroke_opacity()
    return fill > 0.01 or (stroke > 0.01 and mob.get_stroke_width() > 0)


def visible_parts(scene) -> list[Mobject]:
    """Every visible leaf mobject on screen that is not part of a backdrop."""
    out: list[Mobject] = []

    def walk(mob: Mobject) -> None:
        if _is_backdrop(mob):
            return
        if mob.submobjects:
            for sub in mob.submobjects:
                walk(sub)
        if _visible(mob):
            out.append(mob)

    for mob in scene.mobjects + list(getattr(scene, "foreground_mobjects", [])):
        walk(mob)
    return out


def assert_caption_on_top(scene) -> None:
    """The caption is drawn over the picture on its band: only the foreground mobjects (the title,
    data points) come after it."""
    caption = scene._caption_mob
    assert caption in scene.mobjects, "the last caption is not on screen"
    after = scene.mobjects[scene.mobjects.index(caption) + 1 :]
    above = [type(m).__name__ for m in after if m not in scene.foreground_mobjects]
    assert not above, f"drawn over the caption: {above}"


def assert_fits_frame(scene, tol: float = 0.02) -> None:
    w, h = getattr(scene, "checked_frame", (config.frame_width, config.frame_height))
    bad = []
    for mob in visible_parts(scene):
        pts = mob.get_all_points() if not isinstance(mob, LABEL_TYPES) else mob.get_bounding_box()
        pts = np.asarray(pts)
        if pts.size == 0:
            continue
        if np.any(np.abs(pts[:, 0]) > w / 2 + tol) or np.any(np.abs(pts[:, 1]) > h / 2 + tol):
            bad.append(
                f"{type(mob).__name__} spans x {pts[:, 0].min():.2f}..{pts[:, 0].max():.2f}, "
                f"y {pts[:, 1].min():.2f}..{pts[:, 1].max():.2f}"
            )
    assert not bad, "outside the frame:\n" + "\n".join(bad[:10])


def labels(scene) -> list[Mobject]:
    """Text and math on screen, outermost only (a label's glyphs are not labels)."""
    found: list[Mobject] = []

    def walk(mob: Mobject) -> None:
        if _is_backdrop(mob):
            return
        if isinstance(mob, LABEL_TYPES):
            if any(_visible(m) for m in mob.get_family()):
                found.append(mob)
            return
        for sub in mob.submobjects:
            walk(sub)

    for mob in scene.mobjects + list(getattr(scene, "foreground_mobjects", [])):
        walk(mob)
    # the same mobject can be both in mobjects and foreground_mobjects
    unique = list({id(m): m for m in found}.values())
    return unique


def _box(mob: Mobject) -> tuple[float, float, float, float]:
    return mob.get_left()[0], mob.get_right()[0], mob.get_bottom()[1], mob.get_top()[1]


def _screen_box(scene, mob: Mobject) -> tuple[float, float, float, float]:
    """Where ``mob`` is drawn: a 3-D scene's camera projects what is not fixed in the frame."""
    camera = scene.camera
    fixed = getattr(camera, "fixed_in_frame_mobjects", None)
    if fixed is None or mob in fixed or not hasattr(camera, "project_points"):
        return _box(mob)
    pts = mob.get_all_points()
    if len(pts) == 0:
        return _box(mob)
    screen = camera.project_points(pts)
    return screen[:, 0].min(), screen[:, 0].max(), screen[:, 1].min(), screen[:, 1].max()


def overlapping_labels(scene, tol: float = 0.01) -> list[tuple[str, str]]:
    pairs = []
    boxed = [(mob, _screen_box(scene, mob)) for mob in labels(scene)]  # once per label, not once per pair
    for (a, (ax0, ax1, ay0, ay1)), (b, (bx0, bx1, by0, by1)) in itertools.combinations(boxed, 2):
        if min(ax1, bx1) - max(ax0, bx0) > tol and min(ay1, by1) - max(ay0, by0) > tol:
            pairs.append((_name(a), _name(b)))
    return pairs


def _name(mob: Mobject) -> str:
    text = getattr(mob, "text", None) or getattr(mob, "tex_string", None) or getattr(mob, "typst_code", None)
    if isinstance(mob, DecimalNumber):
        text = f"{mob.get_value():.3g}"
    return f"{type(mob).__name__}({str(text)[:30]!r})"


def assert_no_label_overlap(scene) -> None:
    pairs = overlapping_labels(scene)
    assert not pairs, "labels overlap: " + "; ".join(f"{a} / {b}" for a, b in pairs)


def assert_scene_ok(scene) -> None:
    assert_fits_frame(scene)
    assert_no_label_overlap(scene)
