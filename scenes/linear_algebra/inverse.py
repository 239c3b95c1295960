"""The inverse: apply A, then A^-1 brings the grid and a vector back.

Storyboard (invertible): grid, i-hat, j-hat and v; A moves the plane and v
lands on Av; the panel shows A^-1; the inverse moves everything back.
Storyboard (singular): two different points p and q, and the whole line of
points that share their fate; A squashes the plane and p and q land on one
point; an undo would have to send that point back to both, so none exists.
"""

from __future__ import annotations

import numpy as np
from manim import (
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    Line,
    VGroup,
    Write,
)

from intuition.words import T
from scenes import style
from scenes.linear_algebra.determinant import ARROW_LABEL_SIZE, DOWN, PlaneScene


def matrix_row(name_typst: str, name_latex: str, rows, **kwargs):
    """``name = [[a, b], [c, d]]`` for names the two typesetters spell differently (A^-1)."""
    typst_rows = "; ".join(", ".join(style.fmt_typst(v) for v in row) for row in rows)
    latex_rows = r" \\ ".join(" & ".join(style.fmt(v) for v in row) for row in rows)
    return style.math(
        f"{name_typst} = mat({typst_rows})",
        rf"{name_latex} = \begin{{bmatrix}} {latex_rows} \end{{bmatrix}}",
        **kwargs,
    )


def vec_text(v) -> str:
    """A point's coordinates in words: ``(2, -1)``, written with the language's decimal mark."""
    # to 2 decimals first: round-off such as 1e-16 reads 0, not 1 × 10⁻¹⁶
    return T("linalg.point", "({x}, {y})", x=round(float(v[0]), 2), y=round(float(v[1]), 2))


def singular_caption(rank: int) -> str:
    if rank == 0:
        return T("inverse.to_origin", "A sends every point to the origin: p and q land on the same point.")
    return T(
        "inverse.to_line",
        "A squashes the plane onto a line: the purple line, p and q with it, lands on one point.",
    )


class Inverse(PlaneScene):
    """``matrix`` moves the plane, its inverse moves it back; a singular one cannot be undone.

    Parameters (class attributes, or keyword arguments)
    ----------
    matrix : 2x2 list, entries in [-10, 10]
    vector : 2 numbers, the vector sent out and brought back

    Examples
    --------
    >>> class Squash(Inverse):
    ...     matrix = [[1, 2], [2, 4]]
    """

    def construct(self) -> None:
        self.build_stage([self.model.matrix])
        if self.model.singular:
            self.show_two_points()
            self.show_singular_numbers()
            self.squash()
            self.no_undo()
        else:
            self.show_vector()
            self.show_numbers()
            self.apply_matrix()
            self.undo()
        self.wait(1.5)

    # --- invertible -------------------------------------------------------------------

    def show_vector(self) -> None:
        m = self.model
        self.vec = self.motion.arrow(m.vector, style.VECTOR)
        self.vec_label = self.motion.label(style.math("v", size=ARROW_LABEL_SIZE, color=style.VECTOR), m.vector)
        self.caption(T("inverse.follow", "Follow the grid, î, ĵ and the yellow vector v."))
        self.play(GrowArrow(self.vec), FadeIn(self.vec_label), run_time=0.8)
        self.arrows_to_front()

    def show_numbers(self) -> None:
        m = self.model
        self.a_row = style.matrix_math(m.matrix, "A")
        self.det_row = style.text(
            T("inverse.det_not_zero", "det A = {det}, not 0: an undo exists", det=m.determinant), size=style.SMALL_SIZE
        )
        self.av_row = style.text(
            f"v = {vec_text(m.vector)}  →  Av = {vec_text(m.transformed_vector)}",
            size=style.SMALL_SIZE,
            color=style.VECTOR,
        )
        self.inv_row = matrix_row("A^(-1)", "A^{-1}", m.inverse, color=style.ACCENT)
        self.back_row = style.text(
            f"A⁻¹(Av) = {vec_text(m.recovered_vector)} = v", size=style.SMALL_SIZE, color=style.VECTOR
        )
        self.layout_panel(self.a_row, self.det_row, self.av_row, self.inv_row, self.back_row)
        self.play(FadeIn(self.panel_bg), Write(self.a_row))
        self.play(FadeIn(self.det_row, shift=0.2 * DOWN), run_time=0.6)

    def apply_matrix(self) -> None:
        m = self.model
        self.caption(T("inverse.apply", "First A moves the whole plane, and v lands on Av."))
        self.play(self.motion.to(m.matrix, run_time=3))
        self.relabel_vector("A v", "A v")
        self.play(FadeIn(self.av_row, shift=0.2 * DOWN), run_time=0.6)
        # a faint copy of Av stays behind, so the way back can be seen
        self.mark = self.stage.arrow(m.transformed_vector, style.VECTOR).set_opacity(0.3)
        self.add(self.mark)
        self.bring_to_front(self.vec, self.vec_label)

    def relabel_vector(self, typst: str, latex: str) -> None:
        old = self.vec_label
        self.motion.unlabel(old)
        self.vec_label = self.motion.label(
            style.math(typst, latex, size=ARROW_LABEL_SIZE, color=style.VECTOR), self.model.vector
        )
        self.play(FadeOut(old), FadeIn(self.vec_label), run_time=0.4)

    def undo(self) -> None:
        self.caption(
            T("inverse.undo", "The inverse is the undo button: A⁻¹ moves every point back where it came from.")
        )
        self.play(Write(self.inv_row), run_time=0.8)
        self.play(self.motion.to(np.eye(2), run_time=3))
        self.relabel_vector("v", "v")
        self.caption(
            T("inverse.identity", "A⁻¹ times A is the identity: the grid, î, ĵ and v are exactly where they started.")
        )
        self.play(FadeIn(self.back_row, shift=0.2 * DOWN), Indicate(self.vec_label, color=style.ACCENT), run_time=1.0)

    # --- singular -----------------------------------------------------------------------

    def show_two_points(self) -> None:
        m = self.model
        p, q = m.collision
        # every point on this line shares p's fate: A sends the whole line to one point
        reach = self.stage.frame_reach()
        d = q - p
        d = d / np.linalg.norm(d)
        self.fate_line = Line(
            self.stage.point(p - reach * d), self.stage.point(p + reach * d), color=style.HIGHLIGHT, stroke_width=4
        )
        self.fate_line.backdrop = True  # runs off the frame edge on purpose, like the grid
        self.p_dot = self.motion.dot(p, style.VECTOR, radius=0.09)
        self.q_dot = self.motion.dot(q, style.ACCENT, radius=0.09)
        self.p_label = self.motion.label(style.math("p", size=ARROW_LABEL_SIZE, color=style.VECTOR), p)
        self.q_label = self.motion.label(style.math("q", size=ARROW_LABEL_SIZE, color=style.ACCENT), q)
        self.caption(T("inverse.two_points", "Two different points, p and q, on one purple line."))
        self.play(Create(self.fate_line), run_time=0.8)
        self.motion.ride(self.fate_line)
        self.play(FadeIn(self.p_dot), FadeIn(self.q_dot), FadeIn(self.p_label), FadeIn(self.q_label), run_time=0.6)
        self.arrows_to_front()
        self.bring_to_front(self.p_dot, self.q_dot, self.p_label, self.q_label)

    def show_singular_numbers(self) -> None:
        m = self.model
        p, q = m.collision
        self.a_row = style.matrix_math(m.matrix, "A")
        self.det_row = style.text("det A = 0", color=style.NEGATIVE)
        self.pq_row = VGroup(
            style.text(f"p = {vec_text(p)}", size=style.SMALL_SIZE, color=style.VECTOR),
            style.text(f"q = {vec_text(q)}", size=style.SMALL_SIZE, color=style.ACCENT),
        ).arrange(DOWN, aligned_edge=np.array([-1.0, 0, 0]), buff=0.15)
        image = m.collision_image[0]
        self.same_row = style.text(f"Ap = Aq = {vec_text(image)}", size=style.SMALL_SIZE)
        self.none_row = style.text(T("inverse.no_inverse", "no inverse: A⁻¹ does not exist"), color=style.NEGATIVE)
        self.layout_panel(self.a_row, self.det_row, self.pq_row, self.same_row, self.none_row)
        self.play(FadeIn(self.panel_bg), Write(self.a_row))
        self.play(FadeIn(self.pq_row, shift=0.2 * DOWN), run_time=0.6)

    def squash(self) -> None:
        m = self.model
        self.caption(T("inverse.watch", "Now apply A and watch p and q."))
        self.play(self.motion.to(m.matrix, run_time=3))
        self.caption(singular_caption(m.rank))
        self.play(FadeIn(self.det_row, shift=0.2 * DOWN), FadeIn(self.same_row, shift=0.2 * DOWN), run_time=0.8)

    def no_undo(self) -> None:
        m = self.model
        p, q = m.collision
        land = self.stage.point(m.collision_image[0])
        # where an undo would have to send the one point: back to p and to q at once
        ghosts = VGroup(
            Dot(self.stage.point(p), radius=0.09, color=style.VECTOR).set_opacity(0.45),
            Dot(self.stage.point(q), radius=0.09, color=style.ACCENT).set_opacity(0.45),
        )
        ways = VGroup(
            DashedLine(land, self.stage.point(p), color=style.VECTOR, stroke_width=3),
            DashedLine(land, self.stage.point(q), color=style.ACCENT, stroke_width=3),
        )
        self.caption(
            T(
                "inverse.no_undo",
                "An undo would have to send this one point back to p and to q at once: A has no inverse.",
            )
        )
        self.play(FadeIn(ghosts), Create(ways), run_time=1.0)
        self.play(Write(self.none_row), run_time=0.8)
        self.caption(T("inverse.cannot", "A squashed plane cannot be un-squashed."))
