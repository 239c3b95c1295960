"""Shared drawing for the calculus scenes: a graph box, curves in pieces, contours.

:class:`GraphBox` maps a math rectangle (x_range x y_range) onto a frame
rectangle. Curves arrive from the models already cut into pieces (where f is
undefined, jumps, or leaves the y range: ``intuition.calculus.graph_pieces``)
and are drawn as polylines, so a pole or a log's missing half is simply not
drawn. Contours arrive as marching-squares segments and become one VMobject
per level (disjoint sub-paths), which is cheap to draw and to animate.
"""

from __future__ import annotations

import numpy as np
from manim import DashedLine, Line, ManimColor, VGroup, VMobject, interpolate_color

from scenes import style
from scenes.layout import box_of, boxes_overlap
from scenes.plane import nice_step

Region = tuple[float, float, float, float]  # left, right, bottom, top in frame units


class GraphBox:
    """Math coordinates in ``x_range`` x ``y_range`` <-> a frame rectangle ``region``."""

    def __init__(self, x_range, y_range, region: Region):
        self.x_range = (float(x_range[0]), float(x_range[1]))
        self.y_range = (float(y_range[0]), float(y_range[1]))
        self.region = tuple(float(v) for v in region)
        left, right, bottom, top = self.region
        self.sx = (right - left) / (self.x_range[1] - self.x_range[0])
        self.sy = (top - bottom) / (self.y_range[1] - self.y_range[0])

    @classmethod
    def equal_aspect(cls, x_range, y_range, region: Region) -> GraphBox:
        """The largest box in ``region`` with one unit the same length on both axes, centred."""
        left, right, bottom, top = region
        w, h = x_range[1] - x_range[0], y_range[1] - y_range[0]
        unit = min((right - left) / w, (top - bottom) / h)
        cx, cy = (left + right) / 2, (top + bottom) / 2
        return cls(x_range, y_range, (cx - unit * w / 2, cx + unit * w / 2, cy - unit * h / 2, cy + unit * h / 2))

    # --- coordinates -----------------------------------------------------------------------
    def point(self, x: float, y: float) -> np.ndarray:
        left, _, bottom, _ = self.region
        return np.array([left + (x - self.x_range[0]) * self.sx, bottom + (y - self.y_range[0]) * self.sy, 0.0])

    def points(self, xy) -> np.ndarray:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        left, _, bottom, _ = self.region
        out = np.zeros((len(xy), 3))
        out[:, 0] = left + (xy[:, 0] - self.x_range[0]) * self.sx
        out[:, 1] = bottom + (xy[:, 1] - self.y_range[0]) * self.sy
        return out

    def contains(self, x: float, y: float) -> bool:
        return (self.x_range[0] <= x <= self.x_range[1]) and (self.y_range[0] <= y <= self.y_range[1])

    @property
    def width(self) -> float:
        return self.region[1] - self.region[0]

    @property
    def height(self) -> float:
        return self.region[3] - self.region[2]

    # --- axes -------------------------------------------------------------------------------
    def axes(
        self, *, numbers: bool = True, x_ticks: int = 6, y_ticks: int = 5, color=None, at_edge: bool = False
    ) -> VGroup:
        """Axis lines through 0 (or along the box edge when 0 is outside), ticks, a few numbers.

        ``at_edge`` puts the ticks and numbers on the box's bottom and left edges (a map
        frame), so contour lines never run through them.

        Returns a VGroup whose ``numbers`` attribute holds the tick labels (obstacles for
        label placement).
        """
        color = style.MUTED if color is None else color
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        ax_y = 0.0 if y0 <= 0 <= y1 else y0  # where the x-axis runs
        ax_x = 0.0 if x0 <= 0 <= x1 else x0
        group = VGroup()
        group.add(Line(self.point(x0, ax_y), self.point(x1, ax_y), color=color, stroke_width=2))
        group.add(Line(self.point(ax_x, y0), self.point(ax_x, y1), color=color, stroke_width=2))
        labels = VGroup()
        tick = 0.07
        if at_edge:
            ax_y, ax_x = y0, x0
        for value, axis in [(v, "x") for v in tick_values(self.x_range, x_ticks)] + [
            (v, "y") for v in tick_values(self.y_range, y_ticks)
        ]:
            if abs(value) < 1e-12 and (x0 <= 0 <= x1) and (y0 <= 0 <= y1) and not at_edge:
                continue  # the origin: both axes meet, no number
            if axis == "x":
                p = self.point(value, ax_y)
                group.add(Line(p + [0, -tick, 0], p + [0, tick, 0], color=color, stroke_width=2))
            else:
                p = self.point(ax_x, value)
                group.add(Line(p + [-tick, 0, 0], p + [tick, 0, 0], color=color, stroke_width=2))
            if numbers:
                lab = tick_label(value, color)
                if axis == "x":
                    lab.next_to(p, np.array([0, -1, 0]), buff=0.12)
                else:
                    lab.next_to(p, np.array([-1, 0, 0]), buff=0.12)
                # in a small box a y number can land on an x number near the origin: the x one stays
                if not any(boxes_overlap(box_of(lab, 0.02), box_of(other)) for other in labels):
                    labels.add(lab)
        group.add(labels)
        group.numbers = labels
        return group

    # --- curves -----------------------------------------------------------------------------
    def curve(self, piece, color, stroke_width: float = 4) -> VMobject:
        """One polyline through a (k, 2) array of math points."""
        vm = VMobject(color=color, stroke_width=stroke_width)
        vm.set_points_as_corners(self.points(piece))
        return vm

    def curves(self, pieces, color, stroke_width: float = 4) -> VGroup:
        return VGroup(*(self.curve(p, color, stroke_width) for p in pieces if len(p) >= 2))

    def line_through(self, x0: float, y0: float, slope: float, color, stroke_width: float = 4) -> VMobject:
        """The line through (x0, y0) with ``slope``, clipped to the box (empty if it misses)."""
        (xa, xb) = self.x_range
        seg = clip_line_to_box(x0, y0, slope, self.x_range, self.y_range)
        if seg is None:
            seg = ((xa, y0), (xa, y0))
        a, b = seg
        line = Line(self.point(*a), self.point(*b), color=color, stroke_width=stroke_width)
        if seg[0] == seg[1]:
            line.set_stroke(opacity=0)
        return line

    def vertical(self, x: float, color, *, dashed: bool = True, stroke_width: float = 2) -> VMobject:
        a, b = self.point(x, self.y_range[0]), self.point(x, self.y_range[1])
        if dashed:
            return DashedLine(a, b, color=color, stroke_width=stroke_width, dash_length=0.12)
        return Line(a, b, color=color, stroke_width=stroke_width)

    def contour(self, segments, color, stroke_width: float = 2.5) -> VMobject:
        """Marching-squares segments (k, 2, 2) as one VMobject of disjoint straight pieces."""
        segs = np.asarray(segments, dtype=float).reshape(-1, 2, 2)
        vm = VMobject(color=color, stroke_width=stroke_width)
        if len(segs) == 0:
            return vm
        a = self.points(segs[:, 0])
        b = self.points(segs[:, 1])
        quads = np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1).reshape(-1, 3)
        vm.set_points(quads)
        return vm


def level_colors(count: int, low=None, high=None) -> list[ManimColor]:
    """Colours from low ground (blue) to high ground (orange), one per contour level."""
    low, high = style.GRID if low is None else low, style.ACCENT if high is None else high
    lo, hi = ManimColor(low), ManimColor(high)
    return [interpolate_color(lo, hi, k / max(1, count - 1)) for k in range(count)]


def contour_group(box: GraphBox, levels, segments, stroke_width: float = 2.5) -> VGroup:
    cols = level_colors(len(levels))
    return VGroup(*(box.contour(s, c, stroke_width) for s, c in zip(segments, cols) if len(s)))


def tick_values(rng, count: int) -> list[float]:
    lo, hi = rng
    step = nice_step((hi - lo) / max(1, count))
    first = np.ceil(lo / step - 1e-9) * step
    vals = np.arange(first, hi + 1e-9 * step, step)
    return [float(round(v / step) * step) for v in vals]


def tick_text(v: float) -> tuple[str, str]:
    """A tick number in Typst and LaTeX: 2, -0.5, or 5 × 10^51 for huge and tiny ones."""
    if abs(v) >= 1e4 or (0 < abs(v) < 1e-3):
        mant, exp = style.mantissa_exponent(v)
        return style.power_of_ten(mant, exp, "typst"), style.power_of_ten(mant, exp, "latex")
    return style.fmt(v, 3, typesetter="typst"), style.fmt(v, 3, typesetter="latex")


def tick_label(v: float, color=None):
    """A tick number as :meth:`GraphBox.axes` draws it."""
    return style.math(*tick_text(v), size=style.SMALL_SIZE, color=style.MUTED if color is None else color)


def widest_tick_label(rng, count: int = 5) -> float:
    """How wide the widest tick number of an axis over ``rng`` is (room to keep beside a y axis)."""
    return max((tick_label(v).width for v in tick_values(rng, count)), default=0.0)


def clip_line_to_box(x0, y0, slope, x_range, y_range):
    """Where the line y = y0 + slope (x - x0) crosses the box: two points, or None."""
    (xa, xb), (ya, yb) = x_range, y_range
    if not (np.isfinite(slope) and np.isfinite(y0)):
        return None
    # parametrise by x; find the x interval where y is inside [ya, yb]
    lo, hi = xa, xb
    if abs(slope) < 1e-15:
        if not ya <= y0 <= yb:
            return None
    else:
        xs = sorted(((ya - y0) / slope + x0, (yb - y0) / slope + x0))
        lo, hi = max(lo, xs[0]), min(hi, xs[1])
    if lo >= hi:
        return None
    return (lo, y0 + slope * (lo - x0)), (hi, y0 + slope * (hi - x0))
