"""How much of the frame a play changes, as a dry pass can tell without drawing.

At -q h a frame's cost is mostly the pixels that change: cairo redraws them and
x264 encodes them (a still frame encodes cheaply, a moving plane costs 3-4
times a caption's fade). A dry pass draws nothing, so it estimates the share of
the frame a play changes from the boxes of the mobjects manim redraws in it,
where they start and where they end, marked on a coarse grid of the frame
(their union: overlapping boxes count once).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from manim import Mobject, config

GRID = (36, 64)  # rows, columns: cells of the frame


def cells(mobjects: Iterable[Mobject]) -> np.ndarray:
    """The grid cells the boxes of ``mobjects`` (each family member with points) cover."""
    grid = np.zeros(GRID, dtype=bool)
    boxes = [(pts[:, :2].min(axis=0), pts[:, :2].max(axis=0))
             for pts in (mob.points for mob in mobjects) if len(pts)]
    if not boxes:
        return grid
    rows, cols = GRID
    scale = np.array([cols, rows]) / np.array([config.frame_width, config.frame_height])
    lo, hi = (np.array(ends) * scale + (cols / 2, rows / 2) for ends in zip(*boxes))
    inside = (hi >= 0).all(axis=1) & (lo <= (cols, rows)).all(axis=1)  # the rest is wholly off the frame
    first = np.clip(np.floor(lo[inside]), 0, (cols - 1, rows - 1)).astype(int)
    last = np.clip(np.maximum(np.ceil(hi[inside]), first + 1), 0, (cols, rows)).astype(int)
    for (x0, y0), (x1, y1) in zip(first.tolist(), last.tolist()):
        grid[y0:y1, x0:x1] = True
    return grid


def share(*grids: np.ndarray) -> float:
    """The share of the frame the union of ``grids`` covers (0 to 1)."""
    return float(np.logical_or.reduce(grids).mean()) if grids else 0.0
