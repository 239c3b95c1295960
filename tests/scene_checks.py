"""Checks every scene's tests use: build a scene without writing video, then
assert that what is visible lies inside the frame and no two labels overlap.

    scene = build_scene("matrix-transform", matrix=[[1, 2], [3, 4]])
    assert_fits_frame(scene)
    assert_no_label_overlap(scene)

The checks look at the scene's last frame (after ``construct``). Mobjects that
are the backdrop (grid planes, which by design run off the frame edge) are
skipped; a scene marks its own with ``mob.backdrop = True``.
"""

from __future__ import annotations

import itertools
import tempfile

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

LABEL_TYPES = (Text, Tex, MathTex, SingleStringMathTex, Typst, DecimalNumber)


def build_scene(name_or_class, **params):
    """Construct a scene with ``params`` (no video, animations skipped) and return it."""
    cls = catalog.get(name_or_class).load_class() if isinstance(name_or_class, str) else name_or_class
    with tempfile.TemporaryDirectory() as media, tempconfig(
        {
            "dry_run": True,
            "quality": "low_quality",
            "media_dir": media,
            "progress_bar": "none",
            "verbosity": "WARNING",
            "disable_caching": True,
        }
    ):
        scene = cls(skip_animations=True, **params)
        scene.render()
        # keep the frame size the scene was built for, for the checks below
        scene.checked_frame = (config.frame_width, config.frame_height)
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


def assert_fits_frame(scene, tol: float = 0.02) -> None:
    w, h = getattr(scene, "checked_frame", (config.frame_width, config.frame_height))
    bad = []
    for mob in visible_parts(scene):
        pts = mob.get_all_points() if not isinstance(mob, LABEL_TYPES) else mob.get_bounding_box()
        pts = np.asarray(pts)
        if pts.size == 0:
            continue
        if np.any(np.abs(pts[:, 0]) > w / 2 + tol) or np.any(np.abs(pts[:, 1]) > h / 2 + tol):
            bad.append(f"{type(mob).__name__} spans x {pts[:, 0].min():.2f}..{pts[:, 0].max():.2f}, "
                       f"y {pts[:, 1].min():.2f}..{pts[:, 1].max():.2f}")
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


def overlapping_labels(scene, tol: float = 0.01) -> list[tuple[str, str]]:
    pairs = []
    for a, b in itertools.combinations(labels(scene), 2):
        ax0, ax1, ay0, ay1 = _box(a)
        bx0, bx1, by0, by1 = _box(b)
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
