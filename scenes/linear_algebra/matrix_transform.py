"""Linear algebra scenes: a matrix moves the whole plane.

Storyboards read top to bottom in each ``construct``; every number drawn comes
from the scene's model (``self.model``, see ``intuition/linalg.py``).
"""

from __future__ import annotations

import numpy as np
from manim import (
    ApplyMatrix,
    BackgroundRectangle,
    Create,
    DashedLine,
    FadeIn,
    GrowArrow,
    Mobject,
    ValueTracker,
    VGroup,
    Write,
)

from intuition.words import T, num
from scenes import style
from scenes.base import IntuitionScene
from scenes.layout import place_labels
from scenes.plane import PlaneStage, embed, interpolate_matrix, panel_group

UNIT_SQUARE = ((0, 0), (1, 0), (1, 1), (0, 1))


def shown(x: float) -> float:
    """A number as a sentence shows it, to 2 decimals: round-off such as 1e-16 reads 0, not 1 × 10⁻¹⁶."""
    return round(float(x), 2)


def area_caption(det: float, orientation: str) -> str:
    """The plain-English reading of a determinant, true for every kind of matrix."""
    det = shown(det)
    if orientation == "point":
        return T(
            "matrix-transform.to_point",
            "Every point lands on the origin: the area becomes 0 and nothing can be undone.",
        )
    if orientation == "line":
        return T(
            "matrix-transform.to_line",
            "Determinant 0: the whole plane is squashed onto a line, so every area becomes 0.",
        )
    if orientation == "flips":
        return T(
            "matrix-transform.flips",
            "Determinant {det}: areas scale by {scale} and the plane is flipped over.",
            det=det,
            scale=abs(det),
        )
    return T("matrix-transform.scales", "The determinant is how much the transform scales area: here x{det}.", det=det)


class MatrixTransform(IntuitionScene):
    """The grid, i-hat and j-hat and a vector move under a 2x2 matrix.

    Parameters (class attributes, or keyword arguments)
    ----------
    matrix : 2x2 list, entries in [-10, 10]
    vector : 2 numbers
    show_vector, show_unit_square : bool
    i_color, j_color : manim colour name or hex

    Examples
    --------
    >>> class Shear(MatrixTransform):
    ...     matrix = [[1, 1], [0, 1]]
    """

    def construct(self) -> None:
        self.build_stage()
        self.show_basis()
        self.show_matrix()
        if self.params.show_unit_square:
            self.draw_unit_square()
        self.apply_matrix()
        if self.params.show_vector:
            self.read_vector()
        self.wait(1.5)

    # --- storyboard steps ---------------------------------------------------------

    def build_stage(self) -> None:
        m = self.model
        self.show_title()
        self.stage = PlaneStage(m.bounds, top=self.content_top, bottom=self.content_bottom)
        self.t = ValueTracker(0.0)  # how far the plane is from I towards A
        self.tracked: list[tuple[Mobject, np.ndarray]] = []  # (label, vector it names)
        self.background = self.stage.background_plane()
        self.grid = self.stage.moving_plane([m.matrix])
        self.add(self.background)
        self.play(Create(self.grid, run_time=1.2, lag_ratio=0.05))
        self.bring_to_front(self._title_mob)
        # an invisible mobject whose updater lays out the labels every frame (not on the tracker:
        # animating a tracker copies it, updaters and all); above the planes: manim redraws every
        # mobject from the first one that moves on, and the planes stay in a play's still background
        self.label_layout = Mobject()
        self.label_layout.add_updater(lambda _m: self.layout_labels())
        self.add(self.label_layout)

    def current(self) -> np.ndarray:
        return interpolate_matrix(self.model.matrix, self.t.get_value())

    def tracked_arrow(self, vec, color) -> Mobject:
        """An arrow that follows the plane: it points at ``current() @ vec`` every frame."""
        vec = np.asarray(vec, dtype=float)
        arrow = self.stage.arrow(vec, color)
        arrow.add_updater(lambda mob: self.stage.move_arrow(mob, self.current() @ vec, color))
        return arrow

    def layout_labels(self) -> None:
        """Put each arrow's label past its tip, nudged apart when tips meet (det = 0)."""
        labels, anchors, dirs = [], [], []
        for label, vec in self.tracked:
            tip = self.current() @ vec
            # a collapsed tip has no direction of its own: fall back to where it came from
            d = tip if np.linalg.norm(tip) > 1e-6 else vec
            if abs(np.linalg.det(self.current())) < 0.05:
                # squashed onto a line: past the tip the label would sit on the other arrows
                d = np.array([-d[1], d[0]])
            labels.append(label)
            anchors.append(self.stage.point(tip))
            dirs.append(np.array([d[0], d[1], 0.0]))
        place_labels(labels, anchors, dirs, obstacles=self.label_obstacles())

    def label_obstacles(self) -> list:
        return [m for m in (self._title_mob, getattr(self, "panel_bg", None), self._caption_mob) if m is not None]

    def tracked_label(self, label: Mobject, vec) -> Mobject:
        self.tracked.append((label, np.asarray(vec, dtype=float)))
        self.layout_labels()
        return label

    def show_basis(self) -> None:
        p = self.params
        self.i_col, self.j_col = style.color(p.i_color), style.color(p.j_color)
        self.i_hat = self.tracked_arrow((1, 0), self.i_col)
        self.j_hat = self.tracked_arrow((0, 1), self.j_col)
        self.i_label = self.tracked_label(style.math("hat(i)", r"\hat{\imath}", color=self.i_col), (1, 0))
        self.j_label = self.tracked_label(style.math("hat(j)", r"\hat{\jmath}", color=self.j_col), (0, 1))
        self.caption(T("matrix-transform.recipe", "A matrix is a recipe: its columns say where each basis arrow goes."))
        self.play(GrowArrow(self.i_hat), GrowArrow(self.j_hat))
        self.play(FadeIn(self.i_label), FadeIn(self.j_label), run_time=0.5)

    def show_matrix(self) -> None:
        m = self.model
        (a, b), (c, d) = m.matrix
        self.matrix_row = style.matrix_math(m.matrix, "A")
        i_lands = T("matrix-transform.i_lands", "î lands on ({x}, {y})", x=shown(a), y=shown(c))
        j_lands = T("matrix-transform.j_lands", "ĵ lands on ({x}, {y})", x=shown(b), y=shown(d))
        self.i_row = style.text(i_lands, color=self.i_col)
        self.j_row = style.text(j_lands, color=self.j_col)
        self.area_value = style.number(1.0, 2, size=style.LABEL_SIZE, color=style.POSITIVE)
        area_word = style.text(T("matrix-transform.area", "area:"), size=style.LABEL_SIZE)
        self.area_row = VGroup(area_word, self.area_value).arrange(np.array([1, 0, 0]), buff=0.15)
        det_colour = style.NEGATIVE if m.determinant < 0 else style.POSITIVE
        self.det_row = style.text(f"det A = {num(shown(m.determinant))}", color=det_colour)
        x, y = m.vector
        av = m.transformed_vector
        self.av_row = style.math(
            f"A v = {style.fmt(x)} dot vec({style.fmt(a)}, {style.fmt(c)}) "
            f"+ {style.fmt(y)} dot vec({style.fmt(b)}, {style.fmt(d)})"
            f" = vec({style.fmt(av[0])}, {style.fmt(av[1])})",
            rf"A v = {style.fmt(x)} \begin{{bmatrix}}{style.fmt(a)}\\{style.fmt(c)}\end{{bmatrix}} + "
            rf"{style.fmt(y)} \begin{{bmatrix}}{style.fmt(b)}\\{style.fmt(d)}\end{{bmatrix}} = "
            rf"\begin{{bmatrix}}{style.fmt(av[0])}\\{style.fmt(av[1])}\end{{bmatrix}}",
            size=style.LABEL_SIZE,
            color=style.VECTOR,
        )
        rows = [self.matrix_row, self.i_row, self.j_row]
        if self.params.show_unit_square:
            rows += [self.area_row, self.det_row]
        if self.params.show_vector:
            rows.append(self.av_row)
        # lay out every row now so the panel's background fits what comes later
        self.panel = panel_group(*rows, top=self.content_top, box=self.stage.panel_box)
        self.panel_bg = BackgroundRectangle(self.panel, color=style.BACKGROUND, fill_opacity=0.9, buff=0.2)
        self.play(FadeIn(self.panel_bg), Write(self.matrix_row))
        down = 0.2 * np.array([0, -1, 0])
        self.play(FadeIn(self.i_row, shift=down), FadeIn(self.j_row, shift=down))

    def draw_unit_square(self) -> None:
        def square() -> Mobject:
            det = np.linalg.det(self.current())
            colour = style.NEGATIVE if det < -1e-9 else style.POSITIVE
            corners = [self.current() @ np.array(c, dtype=float) for c in UNIT_SQUARE]
            return self.stage.polygon(corners, colour)

        self.square = square()
        self.square.add_updater(lambda mob: mob.become(square()))
        self.area_value.add_updater(lambda mob: mob.set_value(abs(np.linalg.det(self.current()))))
        self.add_foreground_mobjects(self.i_hat, self.j_hat)
        self.add_foreground_mobjects(self.area_row)
        self.play(FadeIn(self.square), FadeIn(self.area_row))
        self.wait(0.5)

    def apply_matrix(self) -> None:
        m = self.model
        moving = [self.i_hat, self.j_hat, self.i_label, self.j_label]
        if self.params.show_vector:
            self.vec = self.tracked_arrow(m.vector, style.VECTOR)
            self.vec_label = self.tracked_label(style.math("v", "v", color=style.VECTOR), m.vector)
            self.play(GrowArrow(self.vec), FadeIn(self.vec_label))
            moving += [self.vec, self.vec_label]
        self.bring_to_front(*moving)
        self.caption(
            T(
                "matrix-transform.watch",
                "Watch î land on the first column and ĵ on the second; the grid lines stay straight.",
            )
        )
        self.play(
            ApplyMatrix(embed(m.matrix), self.grid, about_point=self.stage.origin),
            self.t.animate.set_value(1.0),
            run_time=3,
        )
        if self.params.show_unit_square:
            self.area_value.clear_updaters().set_value(m.area_after)
            self.square.clear_updaters()
            self.caption(area_caption(m.determinant, m.orientation))
            self.play(FadeIn(self.det_row), self.square.animate.set_fill(opacity=0.55), run_time=0.8)
            self.wait(1.0)

    def read_vector(self) -> None:
        m = self.model
        x, y = m.vector
        col1, col2 = m.columns
        # x copies of the first column, then y copies of the second, head to tail
        part1 = self.stage.arrow(x * col1, self.i_col, stroke_width=4)
        part2 = self.stage.arrow(y * col2, self.j_col, start=x * col1, stroke_width=4)
        guide = DashedLine(self.stage.point((0, 0)), self.stage.point(m.transformed_vector), color=style.VECTOR)
        self.caption(
            T("matrix-transform.av", "Av is x copies of the first column plus y copies of the second.")
        )
        self.play(Create(part1), run_time=0.8)
        self.play(Create(part2), run_time=0.8)
        self.play(Create(guide), FadeIn(self.av_row), run_time=0.8)
