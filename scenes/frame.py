"""Where the picture and the numbers panel go, for the frame's shape.

A wide frame (16:9, 4:3) keeps the panel in a column on the right, the
picture to its left. A tall or square frame (9:16, 1:1) stacks them: the
picture on top, the panel below it, both the frame's full width. Scenes ask
here instead of assuming a right-hand column, so one storyboard re-flows to
every aspect (the frame is 8 units on its short side, see intuition/aspects.py).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, VGroup, config

from scenes import style

Box = tuple[float, float, float, float]  # left, right, bottom, top

STACK_BELOW = 1.1  # frames narrower than this (width / height) put the panel below the picture
PANEL_SHARE = 0.4  # of the content's height, for the panel below the picture
SQUARE_PANEL_SHARE = 0.32  # at most, for readouts below a square frame's charts (frame.rows_share)
GAP = 0.25  # between the picture and the panel below it


def stacked() -> bool:
    """Whether the panel sits below the picture (a tall or square frame)."""
    return config.frame_width / config.frame_height < STACK_BELOW


def panel_share() -> float:
    return PANEL_SHARE if stacked() else 0.0


def split(top: float, bottom: float, panel_width: float, *, share: float | None = None) -> tuple[Box, Box]:
    """The picture's box and the panel's box between ``top`` and ``bottom``.

    ``panel_width`` is the right-hand column's width in a wide frame; ``share``
    the panel's part of the height when stacked (default :data:`PANEL_SHARE`).
    """
    half = config.frame_width / 2
    left, right = -half + style.EDGE, half - style.EDGE
    if not stacked():
        return (left, right - panel_width, bottom, top), (right - panel_width, right, bottom, top)
    cut = top - (top - bottom) * (1 - (PANEL_SHARE if share is None else share))
    return (left, right, cut + GAP / 2, top), (left, right, bottom, cut - GAP / 2)


MIN_PANEL = 2.0  # frame units of height the panel below the picture keeps at least ...
MIN_PANEL_SHARE = 0.3  # ... and at least this part of the content's height
MAX_PANEL_SHARE = 0.6


def fitted_share(ratio: float, top: float, bottom: float) -> float:
    """The panel's share of the height (stacked) that leaves the picture just the height a picture
    ``ratio`` times as high as it is wide needs at the frame's full width: a wide picture hands its
    spare height to the panel, a tall one takes what the panel can spare (within
    :data:`MIN_PANEL_SHARE`/:data:`MIN_PANEL` and :data:`MAX_PANEL_SHARE`)."""
    height = max(top - bottom, 1e-9)
    width = config.frame_width - 2 * style.EDGE
    wanted = 1 - (width * max(ratio, 0.0) + GAP / 2) / height
    lowest = min(MAX_PANEL_SHARE, max(MIN_PANEL_SHARE, MIN_PANEL / height))
    return float(min(MAX_PANEL_SHARE, max(lowest, wanted)))


def rows_share(rows_height: float, top: float, bottom: float) -> float:
    """The panel's share of the height (stacked) that just holds readouts ``rows_height`` high: the
    picture takes the rest (a tall frame's panel was left half empty otherwise). At most
    :data:`PANEL_SHARE`, and in a square frame :data:`SQUARE_PANEL_SHARE`: its picture is short, and
    readouts taller than that shrink a little (as in :func:`fill_panel`) rather than squash the charts."""
    height = max(top - bottom, 1e-9)
    square = config.frame_height < 1.2 * config.frame_width
    return float(min(SQUARE_PANEL_SHARE if square else PANEL_SHARE, (rows_height + GAP / 2 + 0.15) / height))


def panel_width(wide: float) -> float:
    """The panel's width: the column's in a wide frame, the frame's (inside the edges) when stacked."""
    return config.frame_width - 2 * style.EDGE if stacked() else wide


def content_bottom() -> float:
    return -config.frame_height / 2 + style.caption_band()


def fill_panel(rows, box: Box, *, buff: float = 0.28):
    """``rows`` stacked left-aligned at the top left of ``box``; in two columns when one is too tall
    for the box and two leave them larger; shrunk (never grown) to fit."""
    left, right, bottom, top = box
    width, height = right - left, top - bottom

    def fit(g) -> float:
        return min(1.0, width / max(g.width, 1e-9), height / max(g.height, 1e-9))

    group = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=buff)
    if len(rows) >= 4 and group.height > height:
        column_fit = fit(group)
        half = (len(rows) + 1) // 2
        columns = VGroup(VGroup(*rows[:half]).arrange(DOWN, aligned_edge=LEFT, buff=buff),
                         VGroup(*rows[half:]).arrange(DOWN, aligned_edge=LEFT, buff=buff))
        columns.arrange(RIGHT, aligned_edge=UP, buff=0.5)
        if fit(columns) <= column_fit:  # two columns are no larger: back to one
            group.arrange(DOWN, aligned_edge=LEFT, buff=buff)
    style.fit_into(group, width, height)
    group.move_to(np.array([left + group.width / 2, top - group.height / 2, 0.0]))
    return group

