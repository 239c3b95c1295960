"""The determinant: a shape rides the moving plane and its area readout follows.

Storyboard: grid and basis arrows; the shape with an arrow turning around it
(its orientation); the matrix; the plane moves while the signed area is read
off the moving picture; the ending says what the determinant was (a scale, a
flip, or a squash onto a line or a point).

:class:`PlaneScene` is the stage the inverse and composition scenes share:
a moving grid over a faint fixed one, i-hat and j-hat riding it with their
labels, and a numbers panel on the right.
"""

from __future__ import annotations

import numpy as np
from manim import (
    Arc,
    Create,
    FadeIn,
    GrowArrow,
    Indicate,
    VGroup,
    Write,
)

from intuition.words import T
from scenes import style
from scenes.linear_algebra.moving_plane import MovingPlaneScene

RIGHT = np.array([1.0, 0.0, 0.0])
DOWN = np.array([0.0, -1.0, 0.0])
ARROW_LABEL_SIZE = 40  # a one-glyph label must read at -q l
READOUT_SIZE = 34  # a changing number, as large as the words around it


def paren(x: float) -> str:
    """A number ready to sit after a multiplication sign: negatives in brackets."""
    s = style.fmt(x)
    return f"({s})" if s.startswith("-") else s


def det_formula(matrix, det: float) -> tuple[str, str]:
    """``det A = ad - bc = ... = det`` in Typst and LaTeX, from the matrix entries."""
    (a, b), (c, d) = np.asarray(matrix, dtype=float)
    typst = f"det A = a d - b c = {paren(a)} dot {paren(d)} - {paren(b)} dot {paren(c)} = {style.fmt(det)}"
    latex = rf"\det A = ad - bc = {paren(a)} \cdot {paren(d)} - {paren(b)} \cdot {paren(c)} = {style.fmt(det)}"
    return typst, latex


def determinant_caption(det: float, orientation: str, area_before: float) -> str:
    """What the determinant did, in words, true for every kind of matrix."""
    if orientation == "point":
        return T("determinant.to_point", "Determinant 0: every point lands on the origin, so every area becomes 0.")
    if orientation == "line":
        return T("determinant.to_line", "Determinant 0: the plane is squashed onto a line, so every area becomes 0.")
    values = {"det": det, "scale": abs(det), "after": abs(det) * area_before}
    if orientation == "flips":
        return T(
            "determinant.flips",
            "Determinant {det}: every area is multiplied by {scale}, and the minus sign says the plane flipped over.",
            **values,
        )
    if abs(area_before - 1) < 1e-9:
        return T(
            "determinant.scales_square",
            "Determinant {det}: every area is multiplied by {scale}, so the unit square now has area {after}.",
            **values,
        )
    return T(
        "determinant.scales_shape",
        "Determinant {det}: every area is multiplied by {scale}, so this shape now has area {after}.",
        **values,
    )


class PlaneScene(MovingPlaneScene):
    """A moving plane with i-hat and j-hat, and a numbers panel on the right.

    Subclasses call :meth:`build_stage` with the matrices the plane will visit
    (so the grid still covers the frame there), then :meth:`show_panel`.
    """

    def build_stage(self, matrices) -> None:
        self.build_plane(matrices, run_time=1.2)
        self.i_hat = self.motion.arrow((1, 0), style.I_HAT)
        self.j_hat = self.motion.arrow((0, 1), style.J_HAT)
        self.i_label = self.motion.label(
            style.math("hat(i)", r"\hat{\imath}", size=ARROW_LABEL_SIZE, color=style.I_HAT), (1, 0)
        )
        self.j_label = self.motion.label(
            style.math("hat(j)", r"\hat{\jmath}", size=ARROW_LABEL_SIZE, color=style.J_HAT), (0, 1)
        )
        self.play(
            GrowArrow(self.i_hat), GrowArrow(self.j_hat), FadeIn(self.i_label), FadeIn(self.j_label), run_time=0.8
        )
        self.bring_to_front(self._title_mob)

    def arrows_to_front(self) -> None:
        self.bring_to_front(self.i_hat, self.j_hat, self.i_label, self.j_label)


class Determinant(PlaneScene):
    """A shape morphs under ``matrix``; its area readout ends at det x (area before).

    Parameters (class attributes, or keyword arguments)
    ----------
    matrix : 2x2 list, entries in [-10, 10]
    shape : corners [[x, y], ...] (3 to 12); empty is the unit square

    Examples
    --------
    >>> class Flip(Determinant):
    ...     matrix = [[0, 1], [1, 0]]
    """

    def construct(self) -> None:
        self.build_stage([self.model.matrix])
        self.show_shape()
        self.show_numbers()
        self.move_plane()
        self.read_result()
        self.wait(2.0)

    # --- storyboard steps ---------------------------------------------------------

    def show_shape(self) -> None:
        m = self.model
        self.shape = self.stage.polygon(m.shape, style.POSITIVE, opacity=0.4)
        self.turning = self.orientation_arrow()
        self.caption(T("determinant.watch", "Watch the area of this shape while the whole plane moves."))
        self.play(FadeIn(self.shape), Create(self.turning))
        self.motion.ride(self.shape)
        self.motion.ride(self.turning)
        # colour follows the sign of the area: the flip is seen, not only read
        self.shape.add_updater(lambda mob: mob.set_color(self.area_colour()))
        self.arrows_to_front()

    def area_colour(self) -> str:
        return style.NEGATIVE if np.linalg.det(self.motion.current()) < -1e-9 else style.POSITIVE

    def orientation_arrow(self) -> Arc:
        """A curved arrow turning the way the shape's corners run (î towards ĵ for the square)."""
        m = self.model
        pts = m.shape
        centre = pts.mean(axis=0)
        # a fixed fraction of the shape's smallest extent: it rides the plane with
        # the shape, so it stays inside the shape's image whatever the matrix
        radius = 0.3 * min(np.ptp(pts[:, 0]), np.ptp(pts[:, 1]), np.sqrt(m.area_before))
        ccw = self.sign_before() > 0
        arc = Arc(
            radius=radius * self.stage.unit,
            start_angle=-0.75 * np.pi if ccw else 0.75 * np.pi,
            angle=1.5 * np.pi if ccw else -1.5 * np.pi,
            arc_center=self.stage.point(centre),
            color=style.TEXT,
            stroke_width=3,
        )
        tip = min(0.16, 0.6 * radius * self.stage.unit)
        arc.add_tip(tip_length=tip, tip_width=tip)
        return arc

    def sign_before(self) -> float:
        from intuition.linalg import shoelace_area

        return 1.0 if shoelace_area(self.model.shape) > 0 else -1.0

    def show_numbers(self) -> None:
        m = self.model
        self.matrix_row = style.matrix_math(m.matrix, "A")
        self.before_row = style.text(T("determinant.area_before", "area before: {area}", area=m.area_before))
        self.area_value = style.number(m.area_before, 2, size=READOUT_SIZE, color=style.POSITIVE)
        now = style.text(T("determinant.area_now", "signed area now:"))
        self.area_row = VGroup(now, self.area_value).arrange(RIGHT, buff=0.18)
        # red for a flip, purple (the collapse line's colour) for a squash
        det_colour = style.NEGATIVE if m.determinant < 0 else style.HIGHLIGHT if m.rank < 2 else style.POSITIVE
        self.det_row = style.math(*det_formula(m.matrix, m.determinant), size=style.MATH_SIZE, color=det_colour)
        self.after_row = style.text(
            T("determinant.area_after", "area after = |det A| × {before} = {after}", before=m.area_before,
              after=m.area_after),
            size=style.SMALL_SIZE,
        )
        self.layout_panel(self.matrix_row, self.before_row, self.area_row, self.det_row, self.after_row)
        self.play(FadeIn(self.panel_bg), Write(self.matrix_row))
        self.play(FadeIn(self.before_row, shift=0.2 * DOWN), FadeIn(self.area_row, shift=0.2 * DOWN))

    def move_plane(self) -> None:
        m = self.model
        area0 = m.area_before

        def track(mob) -> None:
            # the plane at time t is the matrix current(): its determinant scales the area
            value = np.linalg.det(self.motion.current()) * area0
            mob.set_value(value + 0.0)
            mob.set_color(self.area_colour())

        self.area_value.add_updater(track)
        self.caption(
            T(
                "determinant.grid",
                "The grid lines stay straight and evenly spaced, so every area scales by the same factor.",
            )
        )
        self.play(self.motion.to(m.matrix, run_time=4))
        self.area_value.clear_updaters()
        # the model's number, not the last frame's: det A times the area before
        self.area_value.set_value(m.determinant * m.area_before + 0.0)
        self.area_value.set_color(style.NEGATIVE if m.determinant < 0 else style.POSITIVE)

    def read_result(self) -> None:
        m = self.model
        self.caption(determinant_caption(m.determinant, m.orientation, m.area_before))
        extra = []
        if m.orientation == "line":
            line = self.stage.line_through(
                m.collapse_line, style.HIGHLIGHT, reach=self.stage.frame_reach(), stroke_width=5
            )
            line.backdrop = True  # runs off the frame edge on purpose, like the grid
            self.add(line)
            self.arrows_to_front()  # the arrows lie on the line: keep them visible on top of it
            extra.append(Create(line))
        self.play(Write(self.det_row), *extra, run_time=1.0)
        self.play(FadeIn(self.after_row, shift=0.2 * DOWN), Indicate(self.area_value, color=style.ACCENT), run_time=1.0)
