"""SVD: A = U Σ V^T played as three moves of the whole plane.

Storyboard: the grid, the unit circle and the two right singular vectors v1,
v2; the matrix; V^T turns the plane so v1, v2 lie on the axes; Σ stretches
along the axes (the circle becomes an ellipse, or a segment, or a point); U
flips (when det A < 0) and turns it into place, which is where A sends
everything; the ellipse's half-axes are labelled with the singular values.
"""

from __future__ import annotations

import numpy as np
from manim import (
    BackgroundRectangle,
    Circle,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    GrowArrow,
    VGroup,
    Write,
)

from intuition.words import T, num
from scenes import style
from scenes.linear_algebra.moving_plane import MovingPlaneScene
from scenes.plane import PANEL_WIDTH, panel_group

DOWN = np.array([0.0, -1.0, 0.0])
RIGHT = np.array([1.0, 0.0, 0.0])
LEFT = -RIGHT
V_COLOURS = style.Roles("HIGHLIGHT", "ACCENT")  # v1 / sigma1 u1, v2 / sigma2 u2
FLIP = np.diag([1.0, -1.0])
NO_TURN = 0.05  # degrees: a turn smaller than this is not animated


def named_matrix(rows, typst_name: str, latex_name: str, *, size: float = style.LABEL_SIZE):
    typst_rows = "; ".join(", ".join(style.fmt(v) for v in row) for row in rows)
    latex_rows = r" \\ ".join(" & ".join(style.fmt(v) for v in row) for row in rows)
    return style.math(
        f"{typst_name} = mat({typst_rows})",
        rf"{latex_name} = \begin{{bmatrix}} {latex_rows} \end{{bmatrix}}",
        size=size,
    )


def deg(x: float) -> str:
    """An angle for a ``{angle}°`` placeholder: one decimal, the language's decimal mark."""
    return num(x, 1)


def step_captions(model) -> dict[str, str]:
    """The plain-English reading of each move, true for every kind of matrix."""
    s1, s2 = (round(float(v), 2) for v in model.singular_values)  # 1e-16 reads 0
    out = {}
    if model.rank == 0:
        out["vt"] = T("svd.vt_zero", "A is all zeros: there is no turn to make first.")
    elif abs(model.vt_degrees) < NO_TURN:
        if abs(model.singular_values[0] - model.singular_values[1]) < 1e-9:
            out["vt"] = T("svd.vt_alike", "Every direction is stretched alike here, so no first turn is needed.")
        else:
            out["vt"] = T("svd.vt_none", "v₁ and v₂ already lie along the axes, so the first turn does nothing.")
    else:
        out["vt"] = T(
            "svd.vt_turn",
            "First Vᵀ turns the plane by {angle}°, so v₁ and v₂ lie along the axes.",
            angle=deg(model.vt_degrees),
        )
    equal = model.rank == 2 and abs(model.singular_values[0] - model.singular_values[1]) < 1e-9
    if equal:
        out["s"] = T(
            "svd.s_equal", "Then Σ scales both axes by {s1}: the circle stays a circle, of radius {s1}.", s1=s1
        )
    elif model.rank == 2:
        out["s"] = T(
            "svd.s_ellipse",
            "Then Σ stretches along the axes: ×{s1} across and ×{s2} up. The circle becomes an ellipse.",
            s1=s1,
            s2=s2,
        )
    elif model.rank == 1:
        out["s"] = T(
            "svd.s_segment",
            "Then Σ stretches ×{s1} across and crushes the other axis to 0: the circle flattens to a segment.",
            s1=s1,
        )
    else:
        out["s"] = T("svd.s_zero", "Both singular values are 0: Σ crushes the whole plane onto the origin.")
    turn = abs(model.u_degrees) >= NO_TURN
    if model.u_reflects and turn:
        out["u"] = T(
            "svd.u_flip_turn",
            "Last, U flips the plane over (det A < 0) and turns it by {angle}°: now it sits where A puts it.",
            angle=deg(model.u_degrees),
        )
    elif model.u_reflects:
        out["u"] = T("svd.u_flip", "Last, U flips the plane over (det A < 0): now it sits where A puts it.")
    elif turn:
        out["u"] = T(
            "svd.u_turn",
            "Last, U turns the plane by {angle}°: now it sits where A puts it.",
            angle=deg(model.u_degrees),
        )
    else:
        out["u"] = T("svd.u_none", "U makes no turn here: the stretch already put the plane where A puts it.")
    if equal:
        out["result"] = T(
            "svd.result_circle",
            "Both singular values are {s1}: every half-axis of the circle has length σ₁ = σ₂ = {s1}.",
            s1=s1,
        )
    elif model.rank == 2:
        out["result"] = T(
            "svd.result_ellipse",
            "The ellipse's half-axes are the singular values: σ₁ = {s1} and σ₂ = {s2}.",
            s1=s1,
            s2=s2,
        )
    elif model.rank == 1:
        out["result"] = T(
            "svd.result_segment",
            "A squashes the plane onto a line: σ₁ = {s1} is the half-length of the segment, σ₂ = 0.",
            s1=s1,
        )
    else:
        out["result"] = T("svd.result_zero", "A sends everything to the origin: σ₁ = σ₂ = 0.")
    if model.u_reflects:
        out["reading"] = T(
            "svd.reading_flip",
            "Every matrix is a rotation, a stretch, and another rotation (here with a flip, since det A < 0).",
        )
    else:
        out["reading"] = T("svd.reading", "Every matrix is a rotation, a stretch, and another rotation.")
    return out


class SVD(MovingPlaneScene):
    """The unit circle and v1, v2 move through V^T, Σ and U; the ellipse's half-axes are σ1, σ2.

    Parameters (class attributes, or keyword arguments)
    ----------
    matrix : 2x2 list, entries in [-10, 10]

    Examples
    --------
    >>> class Reflect(SVD):
    ...     matrix = [[1, 2], [3, 4]]
    """

    def construct(self) -> None:
        self.captions_for = step_captions(self.model)
        self.build_stage()
        self.show_circle()
        self.show_panel()
        self.turn_by_vt()
        self.stretch_by_sigma()
        self.turn_by_u()
        self.label_singular_values()

    # --- storyboard steps ---------------------------------------------------------

    def build_stage(self) -> None:
        self.build_plane([self.model.matrix], grid_opacity=0.5)
        self.bring_to_front(self._title_mob)

    def show_circle(self) -> None:
        m = self.model
        unit = self.stage.unit
        ghost = DashedVMobject(Circle(radius=unit, color=style.MUTED, stroke_width=2), num_dashes=40)
        ghost.move_to(self.stage.origin)
        self.circle = Circle(radius=unit, color=style.POSITIVE, stroke_width=4)
        self.circle.set_fill(style.POSITIVE, opacity=0.15)
        self.circle.move_to(self.stage.origin)
        self.v_arrows = [self.motion.arrow(v, c) for v, c in zip(m.right_vectors, V_COLOURS)]
        self.v_labels = [
            self.motion.label(style.math(f"v_{k + 1}", f"v_{k + 1}", size=style.LABEL_SIZE, color=c), v)
            for k, (v, c) in enumerate(zip(m.right_vectors, V_COLOURS))
        ]
        self.caption(T("svd.start", "Start with the unit circle and two arrows at right angles, v₁ and v₂."))
        self.play(Create(self.circle), FadeIn(ghost), run_time=1.0)
        self.play(*[GrowArrow(a) for a in self.v_arrows], *[FadeIn(lab) for lab in self.v_labels], run_time=0.8)
        self.motion.ride(self.circle)
        self.bring_to_front(*self.v_arrows, *self.v_labels)

    def show_panel(self) -> None:
        m = self.model
        self.formula = style.math("A = U Sigma V^T", r"A = U \Sigma V^T", size=style.MATH_SIZE)
        self.a_row = style.matrix_math(m.matrix, "A", size=style.LABEL_SIZE)
        self.step_rows = {
            "vt": self.step_row(
                T("svd.step_turn", "1. turn {angle}°", angle=deg(m.vt_degrees)), named_matrix(m.vt, "V^T", "V^T")
            ),
            "s": self.step_row(
                T("svd.step_stretch", "2. stretch"), named_matrix(np.diag(m.singular_values), "Sigma", r"\Sigma")
            ),
            "u": self.step_row(
                T("svd.step_flip_turn", "3. flip, turn {angle}°", angle=deg(m.u_degrees))
                if m.u_reflects
                else T("svd.step_turn_again", "3. turn {angle}°", angle=deg(m.u_degrees)),
                named_matrix(m.u, "U", "U"),
            ),
        }
        if max(row.width for row in self.step_rows.values()) > PANEL_WIDTH - 0.3:
            # a language with longer words: each step's words above its matrix, not beside it,
            # so the panel is not shrunk (and every matrix with it) to fit the widest row
            for row in self.step_rows.values():
                row.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        self.panel = panel_group(
            self.formula, self.a_row, *self.step_rows.values(), top=self.content_top, buff=0.22,
            box=self.stage.panel_box,
        )
        self.panel_bg = BackgroundRectangle(self.panel, color=style.BACKGROUND, fill_opacity=0.9, buff=0.2)
        self.caption(
            T("svd.three_moves", "Every matrix can be played as three moves: turn, stretch along the axes, turn.")
        )
        self.play(FadeIn(self.panel_bg), Write(self.formula), FadeIn(self.a_row), run_time=1.2)

    def step_row(self, words: str, matrix) -> VGroup:
        return VGroup(style.text(words, size=style.SMALL_SIZE, color=style.MUTED), matrix).arrange(RIGHT, buff=0.25)

    def turn_by_vt(self) -> None:
        m = self.model
        self.caption(self.captions_for["vt"])
        self.play(FadeIn(self.step_rows["vt"], shift=0.2 * DOWN), run_time=0.6)
        if abs(m.vt_degrees) >= NO_TURN:
            self.play(self.motion.turn(m.vt_degrees, run_time=2.0))
        else:
            self.wait(0.8)

    def stretch_by_sigma(self) -> None:
        m = self.model
        self.caption(self.captions_for["s"])
        self.play(FadeIn(self.step_rows["s"], shift=0.2 * DOWN), run_time=0.6)
        self.play(self.motion.to(np.diag(m.singular_values) @ m.vt, run_time=2.5))
        self.wait(0.3)

    def turn_by_u(self) -> None:
        m = self.model
        self.caption(self.captions_for["u"])
        self.play(FadeIn(self.step_rows["u"], shift=0.2 * DOWN), run_time=0.6)
        moved = False
        if m.u_reflects:
            self.play(self.motion.to(FLIP @ self.motion.current(), run_time=1.5))
            moved = True
        if abs(m.u_degrees) >= NO_TURN:
            self.play(self.motion.turn(m.u_degrees, run_time=2.0))
            moved = True
        if not moved:
            self.wait(0.8)
        # the three moves end exactly at A (up to round-off): pin it there
        self.motion.jump(m.matrix)

    def label_singular_values(self) -> None:
        m = self.model
        for lab in self.v_labels:
            self.motion.unlabel(lab)
        sigma_labels = []
        for k, (v, c) in enumerate(zip(m.right_vectors, V_COLOURS)):
            value = style.fmt(m.singular_values[k])
            lab = style.math(f"sigma_{k + 1} = {value}", rf"\sigma_{k + 1} = {value}", size=style.LABEL_SIZE, color=c)
            lab.add_background_rectangle(color=style.BACKGROUND, opacity=0.7, buff=0.05)
            sigma_labels.append(self.motion.label(lab, v))
        self.caption(self.captions_for["result"])
        self.play(*[FadeOut(lab) for lab in self.v_labels], *[FadeIn(lab) for lab in sigma_labels], run_time=0.8)
        self.wait(1.8)
        self.caption(self.captions_for["reading"])
        self.wait(2.0)
