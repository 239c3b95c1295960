"""Label placement that keeps labels off each other and inside the frame.

Scenes say where a label wants to be (an anchor point and a preferred side);
:func:`place_labels` tries that spot first, then spots around the anchor at
growing distance, and keeps the first one that overlaps no label placed before
it, no obstacle, and stays inside the frame. Cheap enough to run every frame
for a handful of labels.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Mobject, config

from scenes import style

Box = tuple[float, float, float, float]  # x0, x1, y0, y1

_DIRECTIONS = [np.array([np.cos(a), np.sin(a), 0.0]) for a in np.linspace(0, 2 * np.pi, 16, endpoint=False)]


def box_of(mob: Mobject, pad: float = 0.0) -> Box:
    """The bounding box of ``mob`` and its family (one numpy pass: this runs every frame)."""
    pts = mob.get_all_points()
    if len(pts) == 0:
        c = mob.get_center()
        return (c[0] - pad, c[0] + pad, c[1] - pad, c[1] + pad)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return (lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)


def boxes_overlap(a: Box, b: Box) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[2], b[2])


def _inside(b: Box, region: Box) -> bool:
    return b[0] >= region[0] and b[1] <= region[1] and b[2] >= region[2] and b[3] <= region[3]


def frame_region(margin: float = style.EDGE / 2) -> Box:
    w, h = config.frame_width / 2, config.frame_height / 2
    return (-w + margin, w - margin, -h + margin, h - margin)


def place_labels(
    labels: Sequence[Mobject],
    anchors: Sequence[np.ndarray],
    directions: Sequence[np.ndarray | None],
    *,
    obstacles: Sequence[Mobject | Box] = (),
    buff: float = 0.18,
    region: Box | None = None,
    pad: float = 0.05,
) -> None:
    """Move each label next to its anchor, on its preferred side when that is free."""
    region = region or frame_region()
    taken: list[Box] = [o if isinstance(o, tuple) else box_of(o, pad) for o in obstacles]
    for label, anchor, pref in zip(labels, anchors, directions):
        anchor = np.asarray(anchor, dtype=float)
        if anchor.shape == (2,):
            anchor = np.append(anchor, 0.0)
        order = list(_DIRECTIONS)
        if pref is not None and np.linalg.norm(pref[:2]) > 1e-9:
            p = np.asarray(pref, dtype=float)
            p = np.append(p, 0.0) if p.shape == (2,) else p
            p = p / np.linalg.norm(p)
            order.sort(key=lambda d: -float(np.dot(d, p)))
            order.insert(0, p)
        # the label's box relative to its centre: candidates are then plain arithmetic
        x0, x1, y0, y1 = box_of(label, pad)
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2, 0.0])
        hw, hh = (x1 - x0) / 2, (y1 - y0) / 2
        width, height = x1 - x0 - 2 * pad, y1 - y0 - 2 * pad
        best = None
        for ring in (0, 1, 2, 3, 4):
            for d in order:
                # distance from anchor to label centre so the label's edge sits ``buff`` away
                reach = buff * (1 + ring) + 0.5 * (abs(d[0]) * width + abs(d[1]) * height)
                c = anchor + d * reach
                b = (c[0] - hw, c[0] + hw, c[1] - hh, c[1] + hh)
                if _inside(b, region) and not any(boxes_overlap(b, t) for t in taken):
                    best = b
                    label.shift(c - centre)
                    break
            if best is not None:
                break
        if best is None:  # nowhere free: keep the preferred spot, clamped into the frame
            d = order[0]
            label.move_to(anchor + d * (buff + 0.5 * (abs(d[0]) * label.width + abs(d[1]) * label.height)))
            clamp_into(label, region)
            best = box_of(label, pad)
        taken.append(best)


def clamp_into(mob: Mobject, region: Box | None = None) -> Mobject:
    """Shift ``mob`` the least amount that puts it inside ``region``."""
    x0, x1, y0, y1 = region or frame_region()
    b = box_of(mob)
    dx = max(0.0, x0 - b[0]) - max(0.0, b[1] - x1)
    dy = max(0.0, y0 - b[2]) - max(0.0, b[3] - y1)
    if dx or dy:
        mob.shift(np.array([dx, dy, 0.0]))
    return mob
