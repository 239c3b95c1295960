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


def rows_share(rows, top: float, bottom: float, *, buff: float = 0.28) -> float:
    """The panel's share of the height (stacked) that just holds readout ``rows`` as
    :func:`fill_panel` lays them out (in two columns, if that leaves them larger): the picture
    takes the rest (a tall frame's panel was left half empty otherwise). At most
    :data:`PANEL_SHARE`, and in a square frame :data:`SQUARE_PANEL_SHARE`: its picture is short, and
    readouts taller than that shrink a little rather than squash the charts."""
    height = max(top - bottom, 1e-9)
    square = config.frame_height < 1.2 * config.frame_width
    most = SQUARE_PANEL_SHARE if square else PANEL_SHARE
    width = config.frame_width - 2 * style.EDGE
    _, _, used = panel_layout(rows, width, height * most - GAP / 2, buff=buff)
    return float(min(most, (used + GAP / 2 + 0.15) / height))


def panel_width(wide: float) -> float:
    """The panel's width: the column's in a wide frame, the frame's (inside the edges) when stacked."""
    return config.frame_width - 2 * style.EDGE if stacked() else wide


def content_bottom() -> float:
    return -config.frame_height / 2 + style.caption_band()


COLUMN_GAP = 0.5  # between the two columns of a panel's rows


def panel_layout(rows, width: float, height: float, *, buff: float = 0.28) -> tuple[int, float, float]:
    """How :func:`fill_panel` lays ``rows`` out in a ``width`` x ``height`` box, without moving them:
    in 1 or 2 columns (two when one is too tall for the box and two leave the rows larger), the
    scale they shrink by, and the height they then fill."""
    heights, widths = [r.height for r in rows], [r.width for r in rows]

    def stack(a: int, b: int) -> tuple[float, float]:  # a column of rows[a:b]: width, height
        return max(widths[a:b], default=0.0), sum(heights[a:b]) + buff * max(0, b - a - 1)

    def scale(w: float, h: float) -> float:
        return min(1.0, width / max(w, 1e-9), height / max(h, 1e-9))

    w1, h1 = stack(0, len(rows))
    one = (1, scale(w1, h1), h1)
    if len(rows) >= 4 and h1 > height:
        half = (len(rows) + 1) // 2
        (wa, ha), (wb, hb) = stack(0, half), stack(half, len(rows))
        w2, h2 = wa + COLUMN_GAP + wb, max(ha, hb)
        if scale(w2, h2) > one[1]:
            return 2, scale(w2, h2), h2 * scale(w2, h2)
    return one[0], one[1], h1 * one[1]


def fill_panel(rows, box: Box, *, buff: float = 0.28):
    """``rows`` stacked left-aligned at the top left of ``box``; in two columns when one is too tall
    for the box and two leave them larger; shrunk (never grown) to fit (:func:`panel_layout`)."""
    left, right, bottom, top = box
    columns, factor, _ = panel_layout(rows, right - left, top - bottom, buff=buff)
    group = VGroup(*rows)  # the rows themselves, in order, however they are arranged
    if columns == 2:
        half = (len(rows) + 1) // 2
        VGroup(VGroup(*rows[:half]).arrange(DOWN, aligned_edge=LEFT, buff=buff),
               VGroup(*rows[half:]).arrange(DOWN, aligned_edge=LEFT, buff=buff)).arrange(RIGHT, aligned_edge=UP,
                                                                                         buff=COLUMN_GAP)
    else:
        group.arrange(DOWN, aligned_edge=LEFT, buff=buff)
    if factor < 1.0:
        group.scale(factor)
    group.move_to(np.array([left + group.width / 2, top - group.height / 2, 0.0]))
    return group

