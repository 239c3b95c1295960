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
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.layout import clamp_into

CHAIN_Y = 1.35  # centre line of the boxes
BOX_HEIGHT = 1.15
NUDGE_Y = 0.05  # the row of nudge bars
TIMES_Y = 0.42  # the row of multipliers, between the boxes and the bars
SYMBOLIC_CHARS = 60  # longer symbolic derivatives are named, not written out
# a tall frame: the chain top to bottom, multipliers left of the boxes, nudge bars right of the pills
COLUMN_BOX_W, COLUMN_PILL_W = 3.0, 1.5
PILL_HEIGHT = 0.62
COLUMN_GAP = 0.28  # between a pill and a box (an arrow)
SIDE_BY_SIDE_BELOW = 0.9  # a box flatter than this scale shows its slope beside its name
# in one row, a box whose 'slope' and rule side by side would shrink below this puts the word over the rule
SLOPE_SHRINK_LIMIT = 0.75
STACKED_SLOPE_HEIGHT = 0.5  # the word and the rule, one over the other
MIN_COLUMN_SCALE, MAX_COLUMN_SCALE = 0.55, 1.2  # below this the one-row chain reads better (a square frame)


def short(x: float) -> str:
    """A number with enough digits to be told apart from 0 when it is small."""
    if np.isfinite(x) and 0 < abs(x) < 0.1:
        s = f"{x:.3g}"
        if "e" not in s:
            return style.math_digits(s)
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
        """x positions of value pills and boxes, widths shrunk so up to 5 boxes fit; in a tall frame
        the chain runs top to bottom when that leaves it readable."""
        self.vertical = frame.stacked() and self.lay_out_column()
        if self.vertical:
            return
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

    def lay_out_column(self) -> bool:
        """The chain in one column (a tall frame), the symbolic panel below it. False: no room."""
        n = len(self.model.links)
        top, bottom = self.content_top - 0.1, self.content_bottom + 0.15
        self.vertical = True  # the panel is built for a column
        panel_room = self.compare_panel()[-1].height + 0.35 if self.model.broken_at < 0 else 0.0
        avail = top - bottom - min(panel_room, 0.4 * (top - bottom))
        gap = COLUMN_GAP
        u = min(MAX_COLUMN_SCALE, (avail - 2 * n * gap) / ((n + 1) * PILL_HEIGHT + n * BOX_HEIGHT))
        if u < MIN_COLUMN_SCALE:
            return False
        self.u = u
        self.pill_w, self.box_w = COLUMN_PILL_W, COLUMN_BOX_W
        self.pill_h, self.box_h = PILL_HEIGHT * u, BOX_HEIGHT * u
        height = (n + 1) * self.pill_h + n * self.box_h + 2 * n * gap
        half = config.frame_width / 2 - style.EDGE
        self.side_w = half - self.box_w / 2 - 0.25  # each side column's width
        self.bar_x = half - self.side_w / 2
        self.times_x = -self.bar_x
        y = top - (avail - height) / 2
        self.pill_y, self.box_y = [], []
        for k in range(n + 1):
            self.pill_y.append(y - self.pill_h / 2)
            y -= self.pill_h + gap
            if k < n:
                self.box_y.append(y - self.box_h / 2)
                y -= self.box_h + gap
        self.chain_bottom = self.pill_y[-1] - self.pill_h / 2 - 0.1  # the last nudge's words reach about here
        return True

    def pill_at(self, k: int) -> np.ndarray:
        return self.at(0.0, self.pill_y[k]) if self.vertical else self.at(self.pill_x[k], CHAIN_Y)

    def box_at(self, k: int) -> np.ndarray:
        return self.at(0.0, self.box_y[k]) if self.vertical else self.at(self.box_x[k], CHAIN_Y)

    def at(self, x: float, y: float) -> np.ndarray:
        return np.array([x, y, 0.0])

    # --- storyboard steps ---------------------------------------------------------

    def draw_chain(self) -> None:
        m = self.model
        self.boxes, arrows = [], []
        self.slope_below = not self.vertical and self.slopes_too_narrow()
        u = self.u if self.vertical else 1.0
        names = [style.fit_into(style.math(link.typst, link.latex, size=style.MATH_SIZE), self.box_w - 0.2, 0.5 * u)
                 for link in m.links]
        # over the rule, the word is as large in every box, and not larger than a box's name usually is
        word_height = max(0.7 * float(np.median([n.height for n in names])), 0.1)
        for k, link in enumerate(m.links):
            box = RoundedRectangle(
                width=self.box_w, height=BOX_HEIGHT * u, corner_radius=0.12, color=style.GRID, stroke_width=3
            ).move_to(self.box_at(k))
            name = names[k]
            if self.slope_below:  # a narrow box (a square frame): the word over the rule, the name above both
                # each line fitted on its own: the word stays legible beside a long rule
                slope_word = style.fit_into(style.text(T("chain-rule.slope", "slope"), size=style.SMALL_SIZE - 4,
                                                       color=style.MUTED), self.box_w - 0.16, word_height)
                rule = style.fit_into(style.math(link.derivative_typst, size=style.SMALL_SIZE, color=style.MUTED),
                                      self.box_w - 0.16, STACKED_SLOPE_HEIGHT - slope_word.height - 0.06)
                rule_row = VGroup(slope_word, rule).arrange(DOWN, buff=0.06)
                rule_row.next_to(box.get_bottom(), UP, buff=0.08)
                room = box.get_top()[1] - 0.06 - (rule_row.get_top()[1] + 0.06)
                style.fit_into(name, self.box_w - 0.2, room)
                name.move_to(np.array([box.get_center()[0], rule_row.get_top()[1] + 0.06 + room / 2, 0]))
            else:  # the name above, 'slope' and the rule side by side below it
                rule = style.fit_into(
                    style.math(link.derivative_typst, size=style.SMALL_SIZE, color=style.MUTED),
                    self.box_w - 0.2,
                    0.32 * u,
                )
                name.move_to(box.get_center() + 0.2 * u * UP)
                slope_size = style.SMALL_SIZE if self.vertical else style.SMALL_SIZE - 4
                slope_word = style.text(T("chain-rule.slope", "slope"), size=slope_size, color=style.MUTED)
                rule_row = VGroup(slope_word, rule).arrange(RIGHT, buff=0.08)
                if self.vertical:
                    style.fit_into(rule_row, self.box_w - 0.2, 0.36 * u)
                else:
                    style.fit_width(rule_row, self.box_w - 0.2)
                rule_row.move_to(box.get_center() + 0.27 * u * DOWN)
            if self.vertical and u < SIDE_BY_SIDE_BELOW:  # a flat box: its slope beside its name
                name = style.math(link.typst, link.latex, size=style.MATH_SIZE)
                style.fit_into(name, 0.42 * self.box_w, 0.62 * self.box_h)
                rule = style.math(link.derivative_typst, size=style.SMALL_SIZE + 2, color=style.MUTED)
                style.fit_into(rule, 0.36 * self.box_w, 0.45 * self.box_h)
                rule_row = VGroup(slope_word, rule).arrange(RIGHT, buff=0.08)
                style.fit_width(rule_row, 0.5 * self.box_w)
                row = VGroup(name, rule_row).arrange(RIGHT, buff=0.3)
                style.fit_into(row, self.box_w - 0.3, 0.8 * self.box_h)
                row.move_to(box)
            self.boxes.append(VGroup(box, name, rule_row))
        for k in range(len(m.links)):
            if self.vertical:
                ends = (
                    (self.pill_at(k) + self.pill_h / 2 * DOWN, self.box_at(k) + self.box_h / 2 * UP),
                    (self.box_at(k) + self.box_h / 2 * DOWN, self.pill_at(k + 1) + self.pill_h / 2 * UP),
                )
            else:
                ends = tuple(
                    (self.at(x0, CHAIN_Y), self.at(x1, CHAIN_Y))
                    for x0, x1 in (
                        (self.pill_x[k] + self.pill_w / 2, self.box_x[k] - self.box_w / 2),
                        (self.box_x[k] + self.box_w / 2, self.pill_x[k + 1] - self.pill_w / 2),
                    )
                )
            for p0, p1 in ends:
                arrows.append(
                    Arrow(
                        p0,
                        p1,
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

    def slopes_too_narrow(self) -> bool:
        """Whether a box's 'slope' and rule side by side would shrink past SLOPE_SHRINK_LIMIT to fit it
        (the chain in one row of a square frame: 'slope cos(x)' came out tiny)."""
        word = style.text(T("chain-rule.slope", "slope"), size=style.SMALL_SIZE - 4)
        widest = max(word.width + 0.08 + style.math(link.derivative_typst, size=style.SMALL_SIZE).width
                     for link in self.model.links)
        return widest * SLOPE_SHRINK_LIMIT > self.box_w - 0.2

    def pill(self, k: int, value: float, color=None) -> VGroup:
        color = style.TEXT if color is None else color
        u = self.u if self.vertical else 1.0
        body = RoundedRectangle(
            width=self.pill_w, height=PILL_HEIGHT * u, corner_radius=0.2 * u, color=color, stroke_width=2
        )
        body.move_to(self.pill_at(k))
        if np.isfinite(value):
            label = style.fit_into(
                style.math(short(value), size=style.LABEL_SIZE, color=color), self.pill_w - 0.16, 0.4 * u
            )
        else:
            label = style.fit_into(
                style.text(T("chain-rule.undefined", "undefined"), size=style.SMALL_SIZE, color=style.NEGATIVE),
                self.pill_w - 0.24,
                0.4 * u,
            )
        label.move_to(body)
        return VGroup(body, label)

    def push_value_through(self) -> None:
        m = self.model
        x_name = style.math(f"x = {style.fmt(m.x0)}", size=style.LABEL_SIZE, color=style.VECTOR)
        # above the row of boxes, so a long "x = -7.3" never touches the first box
        if self.vertical:  # left of the first pill, where the multipliers' column is
            style.fit_width(x_name, config.frame_width / 2 - style.EDGE - self.pill_w / 2 - 0.2)
            x_name.next_to(self.pill_at(0) + self.pill_w / 2 * LEFT, LEFT, buff=0.2)
        else:
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
        colour = style.VECTOR if nudge >= 0 else style.NEGATIVE
        text = "d x" if k == 0 else f"{short(nudge)} d x"
        if self.vertical:  # in the column right of the pill: the bar level with its top, the words under it
            length = max(0.06, min(self.bar_len, abs(nudge) * scale))
            cx, y = self.bar_x, self.pill_y[k] + 0.15 * self.u
            bar = Line(self.at(cx - length / 2, y), self.at(cx + length / 2, y), color=colour, stroke_width=8)
            if nudge < 0:
                bar.rotate(np.pi)
            label = style.math(text, size=style.SMALL_SIZE + 4, color=colour)
            style.fit_into(label, self.side_w, 0.36 * self.u)
            label.next_to(self.at(cx, y - 0.04), DOWN, buff=0.08)
            return VGroup(bar, label)
        length = max(0.06, min(self.pill_w, abs(nudge) * scale))
        cx = self.pill_x[k]
        bar = Line(self.at(cx - length / 2, NUDGE_Y), self.at(cx + length / 2, NUDGE_Y), color=colour, stroke_width=8)
        if nudge < 0:
            bar.rotate(np.pi)
        label = style.fit_into(style.math(text, size=style.SMALL_SIZE + 2, color=colour), self.pill_w + 0.2, 0.35)
        label.next_to(self.at(cx, NUDGE_Y - 0.1), DOWN, buff=0.12)
        return VGroup(bar, label)

    @property
    def bar_len(self) -> float:
        return self.side_w - 0.1 if self.vertical else self.pill_w

    def push_nudge_through(self) -> None:
        m = self.model
        n = len(m.links)
        reach = [1.0] + m.nudges
        stop = m.broken_at if m.broken_at >= 0 else n
        finite = [abs(r) for r in reach[: stop + 1] if np.isfinite(r)]
        scale = self.bar_len / max(finite + [1e-9])
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
                style.math(
                    f"times {factor(link.local_derivative)}",
                    size=style.MATH_SIZE if self.vertical else style.LABEL_SIZE,
                    color=style.ACCENT,
                ),
                self.side_w if self.vertical else self.box_w,
                0.45,
            )
            if self.vertical:  # left of its box, away from the bars' column
                times.move_to(self.at(self.times_x, self.box_y[k]))
            else:
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

    def compare_panel(self):
        """The two rows under the chain: the product of the slopes, the symbolic derivative (not placed)."""
        m = self.model
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
        if self.vertical:  # the words on a line of their own, the formula under them
            row1 = VGroup(row1_word, product).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            formula = VGroup(whole, at_x).arrange(RIGHT, buff=0.25)
            if formula.width > config.frame_width - 2 * style.EDGE:  # the value on a line of its own
                formula.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            row2 = VGroup(row2_word, formula).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            for mob in (row1_word, row2_word):
                mob.scale(style.LABEL_SIZE / style.SMALL_SIZE)
            row1.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            row2.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        elif frame.stacked():  # a square frame: the long row's words above its formula
            formula = VGroup(whole, at_x).arrange(RIGHT, buff=0.25)
            row2 = VGroup(row2_word, formula).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        else:
            row2 = VGroup(row2_word, whole, at_x).arrange(RIGHT, buff=0.25)
        for row in (row1, row2):
            style.fit_width(row, config.frame_width - 2 * style.EDGE)
        panel = VGroup(row1, row2).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        return row1, row2, product, at_x, panel

    def compare_with_symbolic(self) -> None:
        m = self.model
        if m.broken_at >= 0:
            return
        row1, row2, product, at_x, panel = self.compare_panel()
        bottom = self.content_bottom + 0.15
        top = self.chain_bottom - 0.35 if self.vertical else NUDGE_Y - 0.75
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
