"""The chain rule: a nudge passes along a chain of boxes, and rates multiply.

Every number drawn is a field of ``self.model`` (``intuition/chain_rule.py``).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    Indicate,
    LaggedStart,
    Line,
    RoundedRectangle,
    Transform,
    VGroup,
    Write,
    config,
)

from intuition.words import T
from scenes import style
from scenes.base import IntuitionScene
from scenes.layout import clamp_into

CHAIN_Y = 1.35  # centre line of the boxes
BOX_HEIGHT = 1.15
NUDGE_Y = 0.05  # the row of nudge bars
TIMES_Y = 0.42  # the row of multipliers, between the boxes and the bars
SYMBOLIC_CHARS = 60  # longer symbolic derivatives are named, not written out


def short(x: float) -> str:
    """A number with enough digits to be told apart from 0 when it is small."""
    if np.isfinite(x) and 0 < abs(x) < 0.1:
        s = f"{x:.3g}"
        if "e" not in s:
            return s
    elif not (np.isfinite(x) and abs(x) >= 1e5):
        return style.fmt(x)
    return style.power_of_ten(*style.mantissa_exponent(x))  # in the current typesetter's math


def factor(x: float) -> str:
    s = short(x)
    return f"({s})" if s.startswith("-") else s


class ChainRule(IntuitionScene):
    """A chain of functions drawn as boxes; a nudge dx is scaled by each local derivative.

    Parameters (class attributes, or keyword arguments)
    ----------
    chain : list of formulas in x, e.g. ["3*x", "sin(x)", "x**2"]
    x0 : the input

    Examples
    --------
    >>> class SquareThenExp(ChainRule):
    ...     chain = ["x**2", "exp(x)"]
    """

    def construct(self) -> None:
        self.show_title()
        self.lay_out()
        self.draw_chain()
        self.push_value_through()
        self.push_nudge_through()
        self.compare_with_symbolic()
        self.wait(1.5)

    # --- layout -------------------------------------------------------------------

    def lay_out(self) -> None:
        """x positions of value pills and boxes, widths shrunk so up to 5 boxes fit."""
        n = len(self.model.links)
        usable = config.frame_width - 2 * style.EDGE
        # in units: pill 1, box 1.45, gap 0.35 between each neighbour
        unit = min(1.45, usable / ((n + 1) * 1.0 + n * 1.45 + 2 * n * 0.35))
        self.pill_w, self.box_w, gap = unit, 1.45 * unit, 0.35 * unit
        x = -usable / 2 + (usable - ((n + 1) * self.pill_w + n * self.box_w + 2 * n * gap)) / 2
        self.pill_x, self.box_x = [], []
        for k in range(n + 1):
            self.pill_x.append(x + self.pill_w / 2)
            x += self.pill_w + gap
            if k < n:
                self.box_x.append(x + self.box_w / 2)
                x += self.box_w + gap

    def at(self, x: float, y: float) -> np.ndarray:
        return np.array([x, y, 0.0])

    # --- storyboard steps ---------------------------------------------------------

    def draw_chain(self) -> None:
        m = self.model
        self.boxes, arrows = [], []
        for k, link in enumerate(m.links):
            frame = RoundedRectangle(
                width=self.box_w, height=BOX_HEIGHT, corner_radius=0.12, color=style.GRID, stroke_width=3
            ).move_to(self.at(self.box_x[k], CHAIN_Y))
            name = style.fit_into(style.math(link.typst, link.latex, size=style.MATH_SIZE), self.box_w - 0.2, 0.5)
            rule = style.fit_into(
                style.math(link.derivative_typst, size=style.SMALL_SIZE, color=style.MUTED),
                self.box_w - 0.2,
                0.32,
            )
            name.move_to(frame.get_center() + 0.2 * UP)
            slope_word = style.text(T("chain-rule.slope", "slope"), size=style.SMALL_SIZE - 4, color=style.MUTED)
            rule_row = VGroup(slope_word, rule).arrange(RIGHT, buff=0.08)
            style.fit_width(rule_row, self.box_w - 0.2)
            rule_row.move_to(frame.get_center() + 0.27 * DOWN)
            self.boxes.append(VGroup(frame, name, rule_row))
        for k in range(len(m.links)):
            for x0, x1 in (
                (self.pill_x[k] + self.pill_w / 2, self.box_x[k] - self.box_w / 2),
                (self.box_x[k] + self.box_w / 2, self.pill_x[k + 1] - self.pill_w / 2),
            ):
                arrows.append(
                    Arrow(
                        self.at(x0, CHAIN_Y),
                        self.at(x1, CHAIN_Y),
                        buff=0.04,
                        color=style.MUTED,
                        stroke_width=3,
                        max_tip_length_to_length_ratio=0.45,
                    )
                )
        self.caption(
            T("chain-rule.chain", "A chain of functions: each box takes the previous box's output as its input.")
        )
        self.play(LaggedStart(*[Create(b) for b in self.boxes], lag_ratio=0.25), run_time=1.5)
        self.play(LaggedStart(*[Create(a) for a in arrows], lag_ratio=0.1), run_time=0.6)

    def pill(self, k: int, value: float, color=None) -> VGroup:
        color = style.TEXT if color is None else color
        body = RoundedRectangle(width=self.pill_w, height=0.62, corner_radius=0.2, color=color, stroke_width=2)
        body.move_to(self.at(self.pill_x[k], CHAIN_Y))
        if np.isfinite(value):
            label = style.fit_into(
                style.math(short(value), size=style.LABEL_SIZE, color=color), self.pill_w - 0.16, 0.4
            )
        else:
            label = style.fit_into(
                style.text(T("chain-rule.undefined", "undefined"), size=style.SMALL_SIZE, color=style.NEGATIVE),
                self.pill_w - 0.24,
                0.4,
            )
        label.move_to(body)
        return VGroup(body, label)

    def push_value_through(self) -> None:
        m = self.model
        x_name = style.math(f"x = {style.fmt(m.x0)}", size=style.LABEL_SIZE, color=style.VECTOR)
        # above the row of boxes, so a long "x = -7.3" never touches the first box
        x_name.next_to(self.at(self.pill_x[0], CHAIN_Y + BOX_HEIGHT / 2), UP, buff=0.1)
        clamp_into(x_name)
        self.pills = [self.pill(k, v, style.VECTOR if k == 0 else style.TEXT) for k, v in enumerate(m.values)]
        self.play(FadeIn(self.pills[0]), FadeIn(x_name), run_time=0.6)
        self.play(
            LaggedStart(*[FadeIn(p, shift=0.3 * RIGHT) for p in self.pills[1:]], lag_ratio=0.5),
            run_time=0.6 * len(self.pills[1:]),
        )

    def nudge_bar(self, k: int, nudge: float, scale: float) -> VGroup:
        """A bar under value pill ``k`` whose length is the nudge, pointing its sign's way."""
        length = max(0.06, min(self.pill_w, abs(nudge) * scale))
        colour = style.VECTOR if nudge >= 0 else style.NEGATIVE
        cx = self.pill_x[k]
        bar = Line(self.at(cx - length / 2, NUDGE_Y), self.at(cx + length / 2, NUDGE_Y), color=colour, stroke_width=8)
        if nudge < 0:
            bar.rotate(np.pi)
        text = "d x" if k == 0 else f"{short(nudge)} d x"
        label = style.fit_into(style.math(text, size=style.SMALL_SIZE + 2, color=colour), self.pill_w + 0.2, 0.35)
        label.next_to(self.at(cx, NUDGE_Y - 0.1), DOWN, buff=0.12)
        return VGroup(bar, label)

    def push_nudge_through(self) -> None:
        m = self.model
        n = len(m.links)
        reach = [1.0] + m.nudges
        stop = m.broken_at if m.broken_at >= 0 else n
        finite = [abs(r) for r in reach[: stop + 1] if np.isfinite(r)]
        scale = self.pill_w / max(finite + [1e-9])
        self.caption(
            T("chain-rule.nudge", "Nudge the input by a tiny dx. Each box stretches the nudge by its local slope.")
        )
        bar = self.nudge_bar(0, 1.0, scale)
        self.play(FadeIn(bar, shift=0.2 * UP), run_time=0.6)
        self.bars = [bar]
        for k, link in enumerate(m.links):
            box = self.boxes[k]
            if k == m.broken_at:
                self.show_break(k)
                return
            times = style.fit_into(
                style.math(f"times {factor(link.local_derivative)}", size=style.LABEL_SIZE, color=style.ACCENT),
                self.box_w,
                0.45,
            )
            # above the bar's path, so the travelling nudge never crosses it
            times.move_to(self.at(self.box_x[k], TIMES_Y))
            new_bar = self.nudge_bar(k + 1, reach[k + 1], scale)
            moving = bar[0].copy()
            self.play(box[0].animate.set_stroke(style.ACCENT, width=5), FadeIn(times, scale=1.3), run_time=0.5)
            self.play(Transform(moving, new_bar[0]), run_time=0.8)
            self.play(
                FadeIn(new_bar[1], shift=0.1 * DOWN), box[0].animate.set_stroke(style.GRID, width=3), run_time=0.35
            )
            self.bars.append(VGroup(moving, new_bar[1]))
            bar = new_bar

    def show_break(self, k: int) -> None:
        m = self.model
        link = m.links[k]
        box = self.boxes[k]
        self.play(box[0].animate.set_stroke(style.NEGATIVE, width=6), run_time=0.5)
        u = float(link.input_value)
        if m.kind == "undefined":
            text = T(
                "chain-rule.break_undefined",
                "Box {box} is not defined at its input {input}: the chain breaks, so there is no derivative here.",
                box=k + 1,
                input=u,
            )
        else:
            text = T(
                "chain-rule.break_corner",
                "Box {box} has a corner at {input}: its slope is {left} from the left "
                "and {right} from the right, so no single rate.",
                box=k + 1,
                input=u,
                left=link.left_slope,
                right=link.right_slope,
            )
        self.caption(text)
        self.wait(1.5)

    def compare_with_symbolic(self) -> None:
        m = self.model
        if m.broken_at >= 0:
            return
        factors = " times ".join(factor(d) for d in m.local_derivatives)
        product = style.math(f"{factors} = {short(m.product)}", size=style.MATH_SIZE, color=style.ACCENT)
        # a long chain's symbolic derivative is unreadable at any size: name it, keep its value
        comp_t, der_t = m.composition_typst, m.derivative_typst
        if len(comp_t) + len(der_t) <= SYMBOLIC_CHARS:
            whole_t = f"d / (d x) {comp_t} = {der_t}"
            whole_l = rf"\frac{{d}}{{dx}} {m.composition_latex} = {m.derivative_latex}"
        elif len(der_t) <= SYMBOLIC_CHARS:
            whole_t, whole_l = f"f'(x) = {der_t}", f"f'(x) = {m.derivative_latex}"
        else:
            whole_t, whole_l = "f'(x)", "f'(x)"
        whole = style.math(whole_t, whole_l, size=style.MATH_SIZE)
        # the words stay words (any script), the numbers math
        at_x = VGroup(
            style.math(f"= {short(m.total_derivative)}", size=style.MATH_SIZE, color=style.HIGHLIGHT),
            style.text(T("chain-rule.at_x", "at x = {x}", x=m.x0), size=style.LABEL_SIZE, color=style.HIGHLIGHT),
        ).arrange(RIGHT, buff=0.2)
        row1_word = style.text(
            T("chain-rule.product_words", "product of local slopes:"), size=style.SMALL_SIZE, color=style.MUTED
        )
        row2_word = style.text(
            T("chain-rule.whole_words", "derivative of the whole chain:"), size=style.SMALL_SIZE, color=style.MUTED
        )
        row1 = VGroup(row1_word, product).arrange(RIGHT, buff=0.25)
        row2 = VGroup(row2_word, whole, at_x).arrange(RIGHT, buff=0.25)
        for row in (row1, row2):
            style.fit_width(row, config.frame_width - 2 * style.EDGE)
        panel = VGroup(row1, row2).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        bottom = self.content_bottom + 0.15
        top = NUDGE_Y - 0.75
        style.fit_into(panel, config.frame_width - 2 * style.EDGE, top - bottom)
        panel.move_to(self.at(0, (top + bottom) / 2))
        if m.kind == "zero":
            k = next(i for i, d in enumerate(m.local_derivatives) if d == 0)
            self.caption(
                T(
                    "chain-rule.flat_box",
                    "Box {box} is flat here (slope 0): the nudge dies, so the whole chain has rate 0.",
                    box=k + 1,
                )
            )
        else:
            self.caption(T("chain-rule.multiply", "The chain rule: rates multiply along the chain."))
        self.play(Write(row1), run_time=1.0)
        self.caption(
            T("chain-rule.matches", "It matches the derivative of the whole composition, worked out symbolically.")
        )
        self.play(FadeIn(row2, shift=0.2 * UP), run_time=0.8)
        self.play(
            Indicate(product, color=style.ACCENT, scale_factor=1.05), Indicate(at_x, scale_factor=1.05), run_time=1.0
        )
