"""Composition: B then A is the single matrix AB; BA usually lands elsewhere.

Storyboard: grid, i-hat, j-hat, the unit square and v; B moves the plane,
then A moves the result; a dashed outline marks where the two moves landed;
back to the start, and AB in one move lands exactly on the outline; then
(optionally) BA in one move, which lands somewhere else unless the pair
commutes.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DashedVMobject,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    SurroundingRectangle,
    VGroup,
    Write,
)

from intuition.words import T
from scenes import style
from scenes.linear_algebra.determinant import ARROW_LABEL_SIZE, RIGHT, PlaneScene
from scenes.linear_algebra.inverse import vec_text

UNIT_SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))


def order_caption(commute: bool) -> str:
    if commute:
        return T(
            "composition.commute",
            "Here BA lands in the same place: these two matrices commute (most pairs do not).",
        )
    return T("composition.order_matters", "BA lands somewhere else: with matrices, the order of the moves matters.")


class Composition(PlaneScene):
    """Apply ``matrix_b`` then ``matrix_a``, then their product AB at once, then BA.

    Parameters (class attributes, or keyword arguments)
    ----------
    matrix_a, matrix_b : 2x2 lists, entries in [-10, 10]
    vector : 2 numbers, a vector that follows every move
    show_ba : bool, also apply BA to show that the order matters

    Examples
    --------
    >>> class ScaleThenRotate(Composition):
    ...     matrix_a = [[0, -1], [1, 0]]
    ...     matrix_b = [[2, 0], [0, 1]]
    """

    def construct(self) -> None:
        m = self.model
        self.build_stage([m.matrix_b, m.product_ab, m.product_ba])
        self.show_square_and_vector()
        self.show_numbers()
        self.apply_b_then_a()
        self.apply_product()
        if self.params.show_ba:
            self.apply_other_order()
        self.wait(1.5)

    # --- storyboard steps ---------------------------------------------------------

    def show_square_and_vector(self) -> None:
        m = self.model
        self.square = self.stage.polygon(UNIT_SQUARE, style.POSITIVE, opacity=0.3)
        self.vec = self.motion.arrow(m.vector, style.VECTOR)
        self.vec_label = self.motion.label(style.math("v", size=ARROW_LABEL_SIZE, color=style.VECTOR), m.vector)
        self.play(FadeIn(self.square), GrowArrow(self.vec), FadeIn(self.vec_label), run_time=0.8)
        self.motion.ride(self.square)
        self.arrows_to_front()

    def show_numbers(self) -> None:
        m = self.model
        self.b_mat = style.matrix_math(m.matrix_b, "B")
        self.a_mat = style.matrix_math(m.matrix_a, "A")
        self.ab_row = style.matrix_math(m.product_ab, "A B")
        self.ba_row = style.matrix_math(m.product_ba, "B A")
        sign = "=" if m.commute else "≠"
        self.verdict = style.text(f"AB {sign} BA", color=style.POSITIVE if m.commute else style.NEGATIVE)
        self.order_row = style.text(
            T("composition.right_to_left", "right to left: B first, then A"), size=style.SMALL_SIZE, color=style.MUTED
        )
        self.land_row = style.text(f"(AB)v = A(Bv) = {vec_text(m.after_ab)}", size=style.SMALL_SIZE, color=style.VECTOR)
        rows = [VGroup(self.b_mat, self.a_mat).arrange(RIGHT, buff=0.5), self.order_row, self.ab_row, self.land_row]
        if self.params.show_ba:
            rows += [self.ba_row, self.verdict]
        self.layout_panel(*rows)
        self.caption(
            T("composition.multiply", "Multiplying matrices means doing one move after another, right to left.")
        )
        self.play(FadeIn(self.panel_bg), Write(self.b_mat), Write(self.a_mat))
        self.play(FadeIn(self.order_row), run_time=0.5)

    def frame_on(self, target) -> None:
        """Put the orange frame around the matrix acting now: it fades from the last one to this one (sliding,
        it would sweep across the panel's rows between them)."""
        box = SurroundingRectangle(target, color=style.ACCENT, buff=0.08)
        last, self.focus = getattr(self, "focus", None), box
        self.play(*([FadeOut(last)] if last is not None else []), FadeIn(box), run_time=0.4)

    def apply_b_then_a(self) -> None:
        m = self.model
        self.frame_on(self.b_mat)
        self.caption(T("composition.first_b", "First B moves the whole plane."))
        self.play(self.motion.to(m.matrix_b, run_time=2.2))
        self.frame_on(self.a_mat)
        self.caption(T("composition.then_a", "Then A moves the plane again, from where B left it."))
        self.play(self.motion.to(m.product_ab, run_time=2.2))
        # a dashed outline of where the two moves landed, to compare with
        self.ghost = VGroup(
            DashedVMobject(
                self.stage.polygon(np.asarray(UNIT_SQUARE) @ m.product_ab.T, style.TEXT, opacity=0.0), num_dashes=40
            ),
            self.stage.arrow(m.after_ab, style.VECTOR).set_opacity(0.35),
        )
        self.play(FadeIn(self.ghost), FadeIn(self.land_row), run_time=0.6)

    def apply_product(self) -> None:
        m = self.model
        self.caption(T("composition.back", "Back to the start..."))
        self.play(self.motion.to(np.eye(2), run_time=1.2))
        self.caption(
            T("composition.product", "...and now the single matrix AB in one move: it lands on the same place.")
        )
        self.play(Write(self.ab_row), run_time=0.8)
        self.frame_on(self.ab_row)
        self.play(self.motion.to(m.product_ab, run_time=2.5))
        self.play(Indicate(self.ghost[0], color=style.ACCENT), run_time=0.8)

    def apply_other_order(self) -> None:
        m = self.model
        self.caption(T("composition.swap", "Swap the order: BA means A first, then B."))
        self.play(self.motion.to(np.eye(2), run_time=1.2), FadeIn(self.ba_row), run_time=1.2)
        self.frame_on(self.ba_row)
        self.play(self.motion.to(m.product_ba, run_time=2.5))
        self.caption(order_caption(m.commute))
        self.play(FadeOut(self.focus), Write(self.verdict), run_time=0.8)
