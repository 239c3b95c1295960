"""A mobject whose points have not changed is drawn from the cairo path it had.

manim's cairo camera turns every mobject it draws into a cairo path again in
every frame: it splits the points into subpaths in numpy, then makes one
``curve_to`` call per curve. That is about 70 of the 100 microseconds a mobject
costs, and most of a frame's drawing: backprop draws about 150 mobjects per
frame, and the text, nodes and edges above the one edge that lights up are
redrawn unchanged. Here the camera keeps the path it made for each mobject,
with the points it made it from, and when the points are the same in the next
frame it hands cairo that path again (``append_path``). cairo keeps a path in
device units, so the path given back is the one built: the frames are the same
to the bit (tests/test_kept_paths.py).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np


class KeptPaths:
    """The path each mobject was last drawn with, and the points it came from (forgotten with the mobject)."""

    def __init__(self, camera: Any) -> None:
        self.camera = camera
        self.build = camera.set_cairo_context_path  # manim's own
        self.paths: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.hits = self.misses = 0

    def set_path(self, ctx: Any, vmobject: Any) -> Any:
        points = self.camera.transform_points_pre_display(vmobject, vmobject.points)
        kept = self.paths.get(vmobject)
        if kept is not None and np.array_equal(kept[0], points):
            self.hits += 1
            ctx.new_path()
            ctx.append_path(kept[1])
            return self.camera
        self.misses += 1
        self.build(ctx, vmobject)
        if len(points):  # manim leaves the context's path as it was for a mobject without points
            self.paths[vmobject] = (points.copy(), ctx.copy_path())
        return self.camera


def install(camera: Any) -> KeptPaths:
    """Draw ``camera``'s mobjects from their kept paths from now on."""
    kept = KeptPaths(camera)
    camera.set_cairo_context_path = kept.set_path
    return kept
