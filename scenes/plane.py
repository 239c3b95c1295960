"""A coordinate plane fitted to what a matrix scene must show.

The plane fills the whole frame (3Blue1Brown's look: the whole plane moves),
but its unit is chosen so that the box of points the scene must show fits the
left part of the frame, between title and caption. The right
part is left for the numbers panel. Grid spacing follows the unit, so a matrix
with entries of 10 gets a coarser grid rather than a blizzard of lines: a line
every 1, 2 or 5 units (x 10^k), at least :data:`GRID_GAP` apart on screen, for
the moving grid also after every matrix it visits (a matrix that squeezes the
plane crowds its lines). The axes are drawn stronger than the grid lines.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    Arrow,
    Dot,
    Line,
    Mobject,
    NumberPlane,
    Polygon,
    VGroup,
    config,
)

from intuition.geometry import clip_range
from scenes import frame, style

PANEL_WIDTH = 4.6  # frame units kept on the right for the numbers panel
# grid lines at least this far apart (frame units): 27 px at 480p, where a frame unit is 60 px
GRID_GAP = 0.45
# ... but a squeezing matrix never coarsens the grid past this (a plane squashed towards a line
# would otherwise need a grid with hardly a line in view before it moves)
MAX_GRID_GAP = 3.0
# grid lines and axes: (width, opacity); the axes always stronger
GRID_LINES = (1.2, 0.75)
GRID_AXES = (3.0, 0.9)
FAINT_LINES = (1.0, 0.6)
FAINT_AXES = (2.0, 0.5)


def nice_step(minimum: float) -> float:
    """The smallest of 1, 2, 5 x 10^k that is at least ``minimum``."""
    if minimum <= 0:
        return 1.0
    exp = math.floor(math.log10(minimum))
    for m in (1, 2, 5, 10):
        step = m * 10.0**exp
        if step >= minimum - 1e-12:
            return step
    return 10.0 ** (exp + 1)


def squeeze(matrix) -> float:
    """How close together ``matrix`` puts grid lines that were 1 apart (0 for a singular matrix).

    Each family of lines ends up |det| / |image of its direction| apart; the
    smaller of the two counts. Two families turned nearly parallel (under 30°
    apart) read as one hatching, their lines interleaved: then the other family's
    lines count too, as many as cross the first family's normal (all of them
    under 15°).
    """
    m = np.asarray(matrix, dtype=float)
    a, b = np.linalg.norm(m[:, 0]), np.linalg.norm(m[:, 1])
    det = abs(float(np.linalg.det(m)))
    if min(a, b) < 1e-12 or det < 1e-12:
        return 0.0
    g1, g2 = det / b, det / a  # the x = c lines (along A e2), the y = c lines (along A e1)
    cos = abs(float(m[:, 0] @ m[:, 1])) / (a * b)
    c30, c15 = math.cos(math.radians(30)), math.cos(math.radians(15))
    near = cos * min(1.0, max(0.0, (cos - c30) / (c15 - c30)))
    return min(1 / (1 / g1 + near / g2), 1 / (1 / g2 + near / g1))


class PlaneStage:
    """Math coordinates <-> frame points for one scene, plus the planes and arrows."""

    def __init__(self, bounds, *, top: float, bottom: float, panel: bool = True, margin: float = 0.12):
        """``bounds`` = (xmin, xmax, ymin, ymax) in math units must fit the free region."""
        xmin, xmax, ymin, ymax = (float(b) for b in bounds)
        pad_x, pad_y = margin * (xmax - xmin), margin * (ymax - ymin)
        xmin, xmax, ymin, ymax = xmin - pad_x, xmax + pad_x, ymin - pad_y, ymax + pad_y
        self.panel_box: frame.Box | None = None  # where panel_group(..., box=stage.panel_box) puts the rows
        if panel:
            # stacked: the picture takes the height its bounds need at full width, the panel the rest
            share = frame.fitted_share((ymax - ymin) / max(xmax - xmin, 1e-9), top, bottom) if frame.stacked() else None
            (left, right, bottom, top), self.panel_box = frame.split(top, bottom, PANEL_WIDTH, share=share)
        else:
            left, right = -config.frame_width / 2 + style.EDGE, config.frame_width / 2 - style.EDGE
        self.unit = min((right - left) / (xmax - xmin), (top - bottom) / (ymax - ymin))
        centre_math = np.array([(xmin + xmax) / 2, (ymin + ymax) / 2, 0.0])
        centre_frame = np.array([(left + right) / 2, (top + bottom) / 2, 0.0])
        self.origin = centre_frame - self.unit * centre_math
        self.extent = max(abs(xmin), abs(xmax), abs(ymin), abs(ymax))
        self.region = (left, right, bottom, top)
        self.step = self.grid_step()

    def grid_step(self, matrices=()) -> float:
        """The grid's step: 1, 2 or 5 x 10^k, lines at least GRID_GAP apart at I and after ``matrices``.

        Whole units unless the view spans only a couple of them. The densest
        family of lines after any of ``matrices`` decides, within reason: the
        step never grows past what leaves lines MAX_GRID_GAP apart before the
        plane moves, however hard a matrix squashes it.
        """
        lowest = min(1.0, nice_step(self.extent / 4))
        step = max(lowest, nice_step(GRID_GAP / self.unit))
        tightest = min([1.0] + [squeeze(m) for m in matrices])
        if tightest < 1.0:
            wanted = nice_step(GRID_GAP / (self.unit * max(tightest, 1e-9)))
            cap = step
            while nice_step(cap * 1.5) * self.unit <= MAX_GRID_GAP + 1e-9:
                cap = nice_step(cap * 1.5)
            step = max(step, min(wanted, cap))
        return step

    # --- coordinates ------------------------------------------------------------
    def point(self, xy) -> np.ndarray:
        x, y = float(xy[0]), float(xy[1])
        return self.origin + self.unit * np.array([x, y, 0.0])

    def points(self, xys) -> list[np.ndarray]:
        return [self.point(p) for p in xys]

    # --- planes ---------------------------------------------------------------------
    def _plane(self, reach: float, step: float, color: str) -> NumberPlane:
        n = math.ceil(reach / step)
        r = n * step
        plane = NumberPlane(
            x_range=(-r, r, step),
            y_range=(-r, r, step),
            x_length=2 * r * self.unit,
            y_length=2 * r * self.unit,
            background_line_style={"stroke_color": color, "stroke_width": GRID_LINES[0], "stroke_opacity": 1.0},
            axis_config={"stroke_color": style.TEXT, "stroke_width": GRID_AXES[0], "stroke_opacity": 1.0},
            faded_line_ratio=1,
        )
        plane.shift(self.origin - plane.c2p(0, 0))
        plane.grid_step = step
        return dim(plane, GRID_LINES[1], GRID_AXES[1])

    def frame_reach(self) -> float:
        """How far (math units) from the origin the frame's farthest corner is."""
        fw, fh = config.frame_width, config.frame_height
        corners = np.array([[fw / 2, fh / 2], [-fw / 2, fh / 2], [fw / 2, -fh / 2], [-fw / 2, -fh / 2]])
        return float(np.max(np.linalg.norm(corners - self.origin[:2], axis=1)) / self.unit)

    def background_plane(self) -> NumberPlane:
        """The faint plane that stays put, so the moving one has something to move against.

        It never moves, so it only needs to cover the frame (a disc around the
        origin, as the moving plane needs, draws about twice the lines).
        """
        fw, fh = config.frame_width / 2, config.frame_height / 2

        def span(lo: float, hi: float) -> tuple[float, float]:
            lo = math.floor(min(0.0, lo / self.unit) / self.step) * self.step
            hi = math.ceil(max(0.0, hi / self.unit) / self.step) * self.step
            return lo, hi

        x0, x1 = span(-fw - self.origin[0], fw - self.origin[0])
        y0, y1 = span(-fh - self.origin[1], fh - self.origin[1])
        plane = NumberPlane(
            x_range=(x0, x1, self.step),
            y_range=(y0, y1, self.step),
            x_length=(x1 - x0) * self.unit,
            y_length=(y1 - y0) * self.unit,
            background_line_style={"stroke_color": style.GRID_FAINT, "stroke_width": FAINT_LINES[0]},
            axis_config={"stroke_color": style.TEXT, "stroke_width": FAINT_AXES[0]},
            faded_line_ratio=1,
        )
        plane.shift(self.origin - plane.c2p(0, 0))
        plane.grid_step = self.step
        return dim(plane, FAINT_LINES[1], FAINT_AXES[1])

    def moving_plane(self, matrices=()) -> NumberPlane:
        """The plane that moves; big enough that it still covers the frame after ``matrices``."""
        reach = self.frame_reach()
        for m in matrices:
            m = np.asarray(m, dtype=float)
            smallest = np.linalg.svd(m, compute_uv=False)[-1]
            if smallest > 1e-6:
                reach = max(reach, self.frame_reach() / smallest)
        # a shrinking matrix would need an unbounded plane; cap the line count
        reach = min(reach, 3 * self.frame_reach())
        return self._plane(reach, self.grid_step(matrices), style.GRID)

    # --- things in the plane ---------------------------------------------------------
    def arrow(self, vec, color, *, start=(0.0, 0.0), stroke_width: float = 6) -> Mobject:
        """An arrow from ``start`` to ``start + vec`` (a dot when it has no length)."""
        a, b = self.point(start), self.point(np.asarray(start, float) + np.asarray(vec, float))
        if np.linalg.norm(b - a) < 1e-3:
            return Dot(a, radius=0.06, color=color)
        return Arrow(
            a,
            b,
            buff=0,
            color=color,
            stroke_width=stroke_width,
            max_tip_length_to_length_ratio=0.3,
            max_stroke_width_to_length_ratio=8,
        )

    def move_arrow(self, mob: Mobject, vec, color, *, start=(0.0, 0.0), stroke_width: float = 6) -> Mobject:
        """Point an existing arrow from ``arrow()`` at ``vec``, rebuilding only when it must.

        Rebuilding an Arrow costs ~25 ms (its tip is a new mobject); moving its
        ends keeps the tip's size and costs a fraction of that, which matters
        for arrows updated every frame.
        """
        a, b = self.point(start), self.point(np.asarray(start, float) + np.asarray(vec, float))
        length = float(np.linalg.norm(b - a))
        if isinstance(mob, Arrow) and length > 0.5 and mob.get_length() > 0.5:
            mob.put_start_and_end_on(a, b)
            return mob
        return mob.become(self.arrow(vec, color, start=start, stroke_width=stroke_width))

    def polygon(self, xys, color, *, opacity: float = 0.35) -> Polygon:
        return Polygon(*self.points(xys), color=color, fill_color=color, fill_opacity=opacity, stroke_width=3)

    def line_through(self, direction, color, *, reach: float | None = None, stroke_width: float = 3) -> Line:
        """The whole line through the origin along ``direction``, across the view."""
        d = np.asarray(direction, dtype=float)
        d = d / max(np.linalg.norm(d), 1e-12)
        r = reach if reach is not None else self.extent
        return Line(self.point(-r * d), self.point(r * d), color=color, stroke_width=stroke_width)

    def label_at(self, mob: Mobject, tip_xy, away_xy=(0.0, 0.0), buff: float = 0.28) -> Mobject:
        """Place ``mob`` just beyond ``tip_xy``, on the side away from ``away_xy``."""
        tip = self.point(tip_xy)
        d = tip - self.point(away_xy)
        n = np.linalg.norm(d)
        d = d / n if n > 1e-6 else np.array([1.0, 1.0, 0.0]) / np.sqrt(2)
        reach = buff + 0.5 * max(mob.width * abs(d[0]), mob.height * abs(d[1]))
        mob.move_to(tip + d * reach)
        return mob


def segment_boxes(a, b, *, pad: float = 0.04, piece: float = 0.1) -> list[tuple[float, float, float, float]]:
    """A straight segment from ``a`` to ``b`` (frame points) as a chain of small boxes
    (x0, x1, y0, y1), each ``pad`` wider than its piece: obstacles for
    ``scenes.layout.place_labels``, which keeps labels off boxes. A slanted line's
    own bounding box would fill half the frame."""
    a, b = np.asarray(a, dtype=float)[:2], np.asarray(b, dtype=float)[:2]
    n = max(1, math.ceil(float(np.linalg.norm(b - a)) / piece))
    ts = np.linspace(0.0, 1.0, n + 1)
    pts = a + np.outer(ts, b - a)
    lo, hi = np.minimum(pts[:-1], pts[1:]) - pad, np.maximum(pts[:-1], pts[1:]) + pad
    return [(float(p[0]), float(q[0]), float(p[1]), float(q[1])) for p, q in zip(lo, hi)]


def segment_hits_box(a, b, box, pad: float = 0.0) -> bool:
    """Whether the segment ``a``-``b`` passes through ``box`` = (x0, x1, y0, y1) grown by ``pad``."""
    x0, x1, y0, y1 = box[0] - pad, box[1] + pad, box[2] - pad, box[3] + pad
    (ax, ay), (bx, by) = np.asarray(a, dtype=float)[:2], np.asarray(b, dtype=float)[:2]
    return clip_range(((-(bx - ax), ax - x0), (bx - ax, x1 - ax), (-(by - ay), ay - y0), (by - ay, y1 - ay))) \
        is not None


def dim(plane: NumberPlane, lines: float, axes: float | None = None) -> NumberPlane:
    """Set a plane's grid lines to opacity ``lines`` and its axes to ``axes`` (default: kept
    stronger than the lines, as the plane draws them), so a faint grid keeps its axes."""
    plane.background_lines.set_stroke(opacity=lines)
    plane.faded_lines.set_stroke(opacity=lines)
    if axes is None:
        axes = min(1.0, max(lines + 0.3, lines * 1.6))
    plane.axes.set_stroke(opacity=axes)
    return plane


def interpolate_matrix(m, t: float) -> np.ndarray:
    """The matrix the plane is at, a fraction ``t`` of the way from I to ``m``.

    ``ApplyMatrix`` moves every point in a straight line to its image, so the
    plane at time t is exactly ``(1 - t) I + t M``: readouts computed from this
    match the picture frame by frame.
    """
    return (1 - t) * np.eye(2) + t * np.asarray(m, dtype=float)


def embed(m) -> np.ndarray:
    """A 2x2 matrix as the 3x3 manim applies to points (z untouched)."""
    out = np.eye(3)
    out[:2, :2] = np.asarray(m, dtype=float)
    return out


def panel_group(*rows: Mobject, top: float, buff: float = 0.28, box: frame.Box | None = None) -> VGroup:
    """Rows stacked on the right-hand panel, left-aligned, shrunk to fit its width (below the picture in a
    tall or square frame: in ``box``, a :class:`PlaneStage`'s ``panel_box``, when given)."""
    if frame.stacked():  # below the picture, the frame's full width
        if box is None:
            box = frame.split(top, frame.content_bottom(), PANEL_WIDTH)[1]
        return frame.fill_panel(rows, box, buff=buff)
    group = VGroup(*rows).arrange(np.array([0, -1, 0]), aligned_edge=np.array([-1, 0, 0]), buff=buff)
    style.fit_width(group, PANEL_WIDTH - 0.3)
    right = config.frame_width / 2 - style.EDGE
    group.move_to(np.array([right - PANEL_WIDTH / 2, 0, 0]))
    group.align_to(np.array([right - PANEL_WIDTH + 0.15, 0, 0]), np.array([-1, 0, 0]))
    group.align_to(np.array([0, top - 0.1, 0]), np.array([0, 1, 0]))
    return group


class PlaneMotion:
    """Where the plane is (a 2x2 matrix), moved along a path by one tracker.

    Everything riding the plane reads :meth:`current` every frame. A step sets
    a path that starts where the plane is now and animates the tracker from 0
    to 1, so steps chain freely, including out of a squashed plane (which
    ``ApplyMatrix`` cannot, having no inverse to start from) and back to I.
    """

    def __init__(self, stage: PlaneStage, obstacles=lambda: ()):
        from manim import ValueTracker

        self.stage = stage
        self.tracker = ValueTracker(0.0)
        self._path = lambda t: np.eye(2)
        self._labels: list[tuple[Mobject, np.ndarray]] = []
        self._obstacles = obstacles
        # an invisible mobject whose updater lays out the labels every frame
        # (not on the tracker: animating a tracker copies it, updaters and all)
        self.label_layout = Mobject()
        self.label_layout.add_updater(lambda _m: self.layout_labels())

    def current(self) -> np.ndarray:
        return self._path(self.tracker.get_value())

    def _start(self, path, run_time: float, **kwargs):
        self._path = path
        self.tracker.set_value(0.0)
        return self.tracker.animate(run_time=run_time, **kwargs).set_value(1.0)

    def to(self, matrix, run_time: float = 2.5, **kwargs):
        """An animation moving the plane in a straight line to ``matrix`` (what ApplyMatrix does)."""
        start, end = self.current(), np.asarray(matrix, dtype=float)
        return self._start(lambda t: (1 - t) * start + t * end, run_time, **kwargs)

    def turn(self, degrees: float, run_time: float = 2.0, **kwargs):
        """An animation rotating the plane, as it is now, by ``degrees`` (a true rotation, no shrinking)."""
        start, angle = self.current(), np.radians(degrees)

        def path(t: float) -> np.ndarray:
            c, s = np.cos(t * angle), np.sin(t * angle)
            return np.array([[c, -s], [s, c]]) @ start

        return self._start(path, run_time, **kwargs)

    def jump(self, matrix) -> None:
        """Put the plane at ``matrix`` at once (no animation)."""
        end = np.asarray(matrix, dtype=float)
        self._path = lambda t: end

    # --- things that ride the plane ----------------------------------------------------
    def ride(self, mob: Mobject) -> Mobject:
        """Make ``mob``'s points follow the plane from now on.

        Call while the plane is at I, after any animation that redraws ``mob``'s
        points (``Create`` draws partial copies the updater would fight with).
        """
        o, u = self.stage.origin[:2], self.stage.unit
        base = [(sub, (sub.points[:, :2] - o) / u) for sub in mob.family_members_with_points()]

        def update(_m: Mobject) -> None:
            mt = self.current().T
            for sub, q in base:
                if len(sub.points) == len(q):
                    sub.points[:, :2] = o + u * (q @ mt)

        mob.add_updater(update)
        return mob

    def arrow(self, vec, color, **kwargs) -> Mobject:
        """An arrow from the origin to ``current() @ vec``, rebuilt each frame so its tip keeps its shape."""
        vec = np.asarray(vec, dtype=float)
        arrow = self.stage.arrow(self.current() @ vec, color, **kwargs)
        arrow.add_updater(lambda mob: self.stage.move_arrow(mob, self.current() @ vec, color, **kwargs))
        return arrow

    def dot(self, xy, color, radius: float = 0.07) -> Mobject:
        xy = np.asarray(xy, dtype=float)
        d = Dot(self.stage.point(self.current() @ xy), radius=radius, color=color)
        d.add_updater(lambda mob: mob.move_to(self.stage.point(self.current() @ xy)))
        return d

    def label(self, mob: Mobject, vec) -> Mobject:
        """Keep ``mob`` past the tip of ``current() @ vec``, nudged off the other labels."""
        self._labels.append((mob, np.asarray(vec, dtype=float)))
        self.layout_labels()
        return mob

    def unlabel(self, mob: Mobject) -> None:
        self._labels = [(m, v) for m, v in self._labels if m is not mob]

    def layout_labels(self) -> None:
        from scenes.layout import place_labels

        labels, anchors, dirs = [], [], []
        m = self.current()
        for label, vec in self._labels:
            tip = m @ vec
            # a collapsed tip has no direction of its own: fall back to where it came from
            d = tip if np.linalg.norm(tip) > 1e-6 else vec
            labels.append(label)
            anchors.append(self.stage.point(tip))
            dirs.append(np.array([d[0], d[1], 0.0]))
        obstacles = [ob for ob in self._obstacles() if ob is not None]
        place_labels(labels, anchors, dirs, obstacles=obstacles)
