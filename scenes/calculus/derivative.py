"""derivative: a secant through x0 and x0 + h settles onto the tangent as h shrinks.

Storyboard: draw f (in pieces where it is undefined), mark x0, draw the secant
and shrink h step by step while a table fills with the model's difference
quotients, then show the tangent and f'(x0) (from the symbolic derivative).
At a kink both sides are shown and disagree; where f is undefined at x0 the
scene says so. Optionally x sweeps the range with the tangent riding the curve
while f'(x) is traced beneath. Every number comes from ``self.model``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    BackgroundRectangle,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    config,
    linear,
)

from intuition.expressions import parse
from intuition.words import T
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.calculus.graphing import GraphBox, widest_tick_label

PANEL = 4.3  # frame units on the right for the formula and the table
SQUARE_PANEL = 3.2  # ... in a square frame
ROW_H = 0.4  # the table's row pitch
Y_LABEL_ROOM = 0.75  # left of the graph, for the y tick numbers
TABLE_SIZE = 24


def side_caption(model) -> str:
    """The plain-English reading of what happens at x0, true for every kind."""
    x0 = model.x0
    if model.kind == "smooth":
        return T(
            "derivative.smooth",
            "The tangent's slope is the derivative: f'({x0}) = {slope}.",
            x0=x0,
            slope=model.derivative,
        )
    if model.kind == "kink":
        return T(
            "derivative.kink",
            "From the right the slope is {right}, from the left it is {left}: no single tangent exists at x = {x0}.",
            right=model.right_slope,
            left=model.left_slope,
            x0=x0,
        )
    if model.kind == "vertical":
        return T(
            "derivative.vertical",
            "The secants stand up ever more steeply: the tangent at x = {x0} is vertical, so f'({x0}) is not a number.",
            x0=x0,
        )
    if model.kind == "jump":
        return T(
            "derivative.jump",
            "f jumps at x = {x0}: the secant slopes grow without limit, so there is no tangent there.",
            x0=x0,
        )
    return T(
        "derivative.undefined",
        "f is not defined at x = {x0} (the graph has a gap), so there is no point to take a slope at.",
        x0=x0,
    )


class Derivative(IntuitionScene):
    """Secant to tangent at x0, and optionally the derivative traced beneath.

    Parameters: f (formula in x), x0, x_range, h, h_steps, trace_derivative, title.
    """

    def construct(self) -> None:
        self.build_stage()
        self.draw_graph()
        m = self.model
        if m.y0 is None:
            self.mark_gap()
        else:
            self.mark_point()
            self.shrink_secant(m.secant_slopes, side=1)
            if m.kind == "kink":
                self.shrink_secant(m.left_secant_slopes, side=-1)
            self.conclude()
        if self.params.trace_derivative:
            self.trace_derivative_curve()
        self.wait(1.2)

    # --- layout ---------------------------------------------------------------------------

    def build_stage(self) -> None:
        m = self.model
        self.show_title()
        self.fn = parse(m.f, ("x",))
        self.dfn = self.fn.derivative()
        fw = config.frame_width
        # room for the widest y tick number (5 × 10^294 is wider than 0.5)
        ranges = [m.y_range] + ([m.derivative_range] if self.params.trace_derivative else [])
        room = max([Y_LABEL_ROOM] + [widest_tick_label(r) + 0.25 for r in ranges])
        top, bottom = self.content_top - 0.15, self.content_bottom + 0.35
        # the table's rows decide the panel's height below the picture (stacked): formulas on its
        # left half, the table on its right half
        rows = max(len(m.secant_slopes), len(m.left_secant_slopes), 1)
        wanted = max(0.45 + rows * ROW_H, 2.0) + 0.2
        share = min(0.45, max(0.25, wanted / (top - bottom)))
        (left, right, pic_bottom, _), panel = frame.split(top, bottom, PANEL + 0.3, share=share)
        # a square frame is wide enough for a narrow panel beside the plots, and two plots stacked over
        # a panel would each be about a unit high
        beside_in_square = frame.stacked() and config.frame_width >= 0.95 * config.frame_height
        if beside_in_square:
            right = fw / 2 - style.EDGE - SQUARE_PANEL
        left += room
        if frame.stacked() and not beside_in_square:
            p_left, p_right, p_bottom, p_top = panel
            half = (p_right - p_left) / 2
            self.panel_left, self.panel_width, self.panel_top = p_left, half - 0.2, p_top
            self.table_left, self.table_width, self.table_y = p_left + half + 0.1, half - 0.1, p_top - 0.1
            self.row_h = min(ROW_H, (p_top - p_bottom - 0.45) / rows)
            bottom = pic_bottom
        else:
            self.panel_left = right + 0.45
            self.panel_width = fw / 2 - style.EDGE - self.panel_left
            self.panel_top = self.content_top - 0.2
            self.table_left, self.table_width, self.table_y = self.panel_left, self.panel_width, None
            self.row_h = ROW_H
        if self.params.trace_derivative:
            split = bottom + 0.42 * (top - bottom)
            self.box = GraphBox(m.x_range, m.y_range, (left, right, split + 0.3, top))
            self.dbox = GraphBox(m.x_range, m.derivative_range, (left, right, bottom, split - 0.2))
        else:
            self.box = GraphBox(m.x_range, m.y_range, (left, right, bottom, top))
            self.dbox = None

    def panel_row(self, mob, below=None, buff: float = 0.3):
        """Put ``mob`` on the right panel, left-aligned, under ``below`` (a mobject or a y)."""
        style.fit_width(mob, self.panel_width)
        if below is None:
            top = self.panel_top
        elif isinstance(below, (int, float)):
            top = float(below) - buff
        else:
            top = below.get_bottom()[1] - buff
        mob.move_to(np.array([self.panel_left + mob.width / 2, top - mob.height / 2, 0]))
        return mob

    # --- storyboard steps -------------------------------------------------------------------

    def draw_graph(self) -> None:
        m = self.model
        self.axes = self.box.axes()
        self.curve = self.box.curves(m.pieces, style.POSITIVE)
        self.f_row = self.panel_row(style.math(f"f(x) = {m.f_typst}", f"f(x) = {m.f_latex}", color=style.POSITIVE))
        self.caption(
            T(
                "derivative.zoom",
                "The derivative is the slope you see when you zoom in until the curve looks straight.",
            ),
            animate=False,
        )
        self.play(FadeIn(self.axes), drop_in(self.f_row), run_time=0.8)
        self.play(Create(self.curve), run_time=1.5)

    def mark_gap(self) -> None:
        m = self.model
        gap = self.box.vertical(m.x0, style.NEGATIVE)
        note = self.panel_row(
            style.text(
                T("derivative.gap_note", "f({x0}) is undefined", x0=m.x0), size=style.LABEL_SIZE, color=style.NEGATIVE
            ),
            self.f_row,
            buff=0.45,
        )
        self.caption(side_caption(m))
        self.play(Create(gap), FadeIn(note))
        self.wait(1.5)

    def mark_point(self) -> None:
        m = self.model
        self.p = self.box.point(m.x0, m.y0)
        self.dot_p = Dot(self.p, radius=0.08, color=style.VECTOR)
        self.play(FadeIn(self.dot_p, scale=0.5), run_time=0.5)
        kink = m.kind == "kink"
        if kink:
            heads = ["h", T("derivative.head_right", "from the right"), T("derivative.head_left", "from the left")]
        else:
            heads = ["h", T("derivative.head_slope", "slope of the line")]
        self.table_rows: list[VGroup] = []
        self.table_head = VGroup(*(style.text(h, size=style.SMALL_SIZE, color=style.MUTED) for h in heads))
        self.table_anchor_y = self.f_row.get_bottom()[1] - 0.3 if self.table_y is None else self.table_y
        self.last_row_bottom = self.table_anchor_y

    def secant_at(self, h: float, color) -> VMobject:
        m = self.model
        y1 = float(self.fn(m.x0 + h))
        if not np.isfinite(y1) or abs(h) < 1e-12:
            return self.box.line_through(m.x0, m.y0, 0.0, color).set_stroke(opacity=0)
        return self.box.line_through(m.x0, m.y0, (y1 - m.y0) / h, color)

    def legs_at(self, h: float, color) -> VGroup:
        """The run (h, along) and the rise (up or down to the curve) of the secant: rise / run is its slope."""
        m = self.model
        x1 = m.x0 + h
        y1 = float(self.fn(x1))
        lo, hi = self.box.y_range
        if not np.isfinite(y1) or abs(h) < 1e-12:  # nothing to show; same shape so updaters can become it
            p = self.box.point(m.x0, m.y0)
            return VGroup(Line(p, p + 0.01 * RIGHT), Line(p, p + 0.01 * UP)).set_stroke(opacity=0)
        y1 = min(max(y1, lo), hi)
        corner = self.box.point(x1, m.y0)
        run = Line(self.box.point(m.x0, m.y0), corner, color=color, stroke_width=2, stroke_opacity=0.7)
        rise = Line(corner, self.box.point(x1, y1), color=color, stroke_width=2, stroke_opacity=0.7)
        return VGroup(run, rise)

    def far_dot_at(self, dot: Dot, h: float) -> None:
        m = self.model
        x1 = m.x0 + h
        y1 = float(self.fn(x1))
        if np.isfinite(y1) and self.box.contains(x1, y1):
            dot.move_to(self.box.point(x1, y1)).set_opacity(1)
        else:
            dot.set_opacity(0)

    def shrink_secant(self, secants, side: int) -> None:
        colour = style.ACCENT if side > 0 else style.HIGHLIGHT
        shown = [s for s in secants if s.slope is not None]
        if not shown:
            return
        h = ValueTracker(shown[0].h)
        line = self.secant_at(shown[0].h, colour)
        line.add_updater(lambda mob: mob.become(self.secant_at(h.get_value(), colour)))
        far = Dot(radius=0.07, color=colour)
        self.far_dot_at(far, shown[0].h)
        far.add_updater(lambda mob: self.far_dot_at(mob, h.get_value()))
        legs = self.legs_at(shown[0].h, colour)
        legs.add_updater(lambda mob: mob.become(self.legs_at(h.get_value(), colour)))
        self.bring_to_front(self.dot_p)
        if side > 0:
            self.caption(
                T("derivative.secant", "Take a second point a gap h away: the line through both has slope rise / run.")
            )
        else:
            self.caption(
                T("derivative.secant_left", "Now the same from the left: a second point a gap h to the left of x0.")
            )
        self.play(Create(line), FadeIn(far), FadeIn(legs), run_time=0.8)
        self.add(legs, line, far, self.dot_p)
        if side > 0:
            self.caption(T("derivative.shrink", "Shrink h and watch the line's slope settle down."))
            self.play(FadeIn(self.table_grid()), run_time=0.4)
        for k, s in enumerate(shown):
            if k > 0:
                self.play(h.animate.set_value(s.h), run_time=0.6)
            self.play(FadeIn(self.grid_cell(k, side, s)), run_time=0.3)
        line.clear_updaters()
        far.clear_updaters()
        legs.clear_updaters()
        self.play(FadeOut(legs), run_time=0.3)
        if side > 0:
            self.right_line, self.right_far = line, far
        else:
            self.left_line, self.left_far = line, far

    def table_grid(self) -> VGroup:
        """The header row laid out; data rows are made one by one in :meth:`grid_cell`."""
        m = self.model
        cols = 3 if m.kind == "kink" else 2
        widths = [1.1] + [(self.table_width - 1.1) / (cols - 1)] * (cols - 1)
        self.col_w = widths
        self.col_x = [self.table_left + sum(widths[:c]) for c in range(cols)]
        top = self.table_anchor_y
        head = self.table_head
        for c, mob in enumerate(head):
            style.fit_width(mob, widths[c] - 0.1)
            mob.move_to(np.array([self.col_x[c], top, 0]), aligned_edge=LEFT + UP)
        self.table_top = top - 0.45
        return head

    def grid_cell(self, k: int, side: int, s) -> VGroup:
        y = self.table_top - k * self.row_h
        out = VGroup()
        if side > 0:
            hm = style.fit_width(
                style.math(style.fmt(abs(s.h), 4), size=TABLE_SIZE, color=style.MUTED), self.col_w[0] - 0.1
            )
            hm.move_to(np.array([self.col_x[0], y, 0]), aligned_edge=LEFT)
            out.add(hm)
        col = 1 if side > 0 else 2
        colour = style.ACCENT if side > 0 else style.HIGHLIGHT
        sm = style.fit_width(style.math(style.fmt(s.slope, 3), size=TABLE_SIZE, color=colour), self.col_w[col] - 0.1)
        sm.move_to(np.array([self.col_x[col], y, 0]), aligned_edge=LEFT)
        out.add(sm)
        self.last_row_bottom = y - 0.15
        return out

    def conclude(self) -> None:
        m = self.model
        # under the table, or in the panel's left half under f(x) when the table has the right half
        below = self.last_row_bottom if self.table_y is None else self.f_row
        if m.kind == "smooth":
            tangent = self.box.line_through(m.x0, m.y0, m.derivative, style.VECTOR, stroke_width=5)
            d_row = self.panel_row(
                style.math(f"f'(x) = {m.derivative_typst}", f"f'(x) = {m.derivative_latex}", color=style.VECTOR),
                below,
                buff=0.3,
            )
            v_row = self.panel_row(
                style.math(f"f'({style.fmt(m.x0)}) = {style.fmt(m.derivative, 3)}", color=style.VECTOR),
                d_row,
                buff=0.15,
            )
            self.caption(side_caption(m))
            self.play(Transform(self.right_line, tangent), FadeOut(self.right_far), run_time=1.0)
            self.play(FadeIn(d_row), FadeIn(v_row), run_time=0.6)
            self.tangent = self.right_line
            self.wait(1.0)
            return
        if m.kind == "kink":
            words = [
                T("derivative.sides_disagree", "the two sides disagree:"),
                T("derivative.not_differentiable", "not differentiable here"),
            ]
        elif m.kind == "vertical":
            words = [
                T("derivative.vertical_tangent", "vertical tangent:"),
                T("derivative.not_differentiable", "not differentiable here"),
            ]
        else:
            words = [T("derivative.no_tangent", "no tangent here")]
        rows = [style.text(w, size=style.SMALL_SIZE, color=style.NEGATIVE) for w in words]
        group = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        self.panel_row(group, below, buff=0.3)
        extra = []
        if m.kind == "vertical":
            extra.append(Create(self.box.vertical(m.x0, style.VECTOR)))
        self.caption(side_caption(m))
        self.play(FadeIn(group), *extra, run_time=0.8)
        self.wait(1.5)

    def trace_derivative_curve(self) -> None:
        m = self.model
        if self.dbox is None:
            return
        daxes = self.dbox.axes()
        name = style.math("f'(x)", color=style.VECTOR, size=style.LABEL_SIZE)
        corner_label(self.dbox, name, m.derivative_pieces, obstacles=list(daxes.numbers))
        name_bg = BackgroundRectangle(name, color=style.BACKGROUND, fill_opacity=0.8, buff=0.05)
        full = [self.dbox.curve(p, style.VECTOR) for p in m.derivative_pieces if len(p) >= 2]
        self.derivative_name, self.derivative_curves = name, full
        spans = [(float(p[0, 0]), float(p[-1, 0])) for p in m.derivative_pieces if len(p) >= 2]
        drawn = VGroup(*(c.copy() for c in full))
        (xa, xb) = m.x_range
        x = ValueTracker(xa)

        def reveal(group: VGroup) -> None:
            xv = x.get_value()
            for mob, src, (a, b) in zip(group, full, spans):
                alpha = 0.0 if xv <= a else 1.0 if xv >= b or b <= a else (xv - a) / (b - a)
                if alpha <= 0:
                    mob.set_stroke(opacity=0)
                else:
                    mob.pointwise_become_partial(src, 0, alpha)
                    mob.set_stroke(opacity=1)

        drawn.add_updater(reveal)
        reveal(drawn)

        def tangent_now() -> VMobject:
            xv = x.get_value()
            y, s = float(self.fn(xv)), float(self.dfn(xv))
            if np.isfinite(y) and np.isfinite(s):
                return self.box.line_through(xv, y, s, style.VECTOR, stroke_width=3)
            return self.box.line_through(xa, 0.0, 0.0, style.VECTOR).set_stroke(opacity=0)

        def dot_on(box: GraphBox, fn, dot: Dot) -> None:
            xv = x.get_value()
            y = float(fn(xv)) if np.isfinite(self.fn(xv)) else np.nan
            if np.isfinite(y) and box.contains(xv, y):
                dot.move_to(box.point(xv, y)).set_opacity(1)
            else:
                dot.set_opacity(0)

        tan = tangent_now()
        tan.add_updater(lambda mob: mob.become(tangent_now()))
        fdot, ddot = Dot(radius=0.07, color=style.VECTOR), Dot(radius=0.07, color=style.VECTOR)
        fdot.add_updater(lambda d: dot_on(self.box, self.fn, d))
        ddot.add_updater(lambda d: dot_on(self.dbox, self.dfn, d))
        dot_on(self.box, self.fn, fdot)
        dot_on(self.dbox, self.dfn, ddot)
        guide = Line(
            self.dbox.point(xa, self.dbox.y_range[0]),
            self.box.point(xa, self.box.y_range[1]),
            color=style.MUTED,
            stroke_width=1.5,
            stroke_opacity=0.6,
        )
        guide.add_updater(
            lambda g: g.put_start_and_end_on(
                self.dbox.point(x.get_value(), self.dbox.y_range[0]), self.box.point(x.get_value(), self.box.y_range[1])
            )
        )
        old = [
            mob
            for mob in (
                getattr(self, "right_line", None),
                getattr(self, "right_far", None),
                getattr(self, "left_line", None),
                getattr(self, "left_far", None),
            )
            if mob is not None and mob in self.mobjects
        ]
        self.caption(
            T("derivative.slide", "Slide the point along: beneath, f'(x) records the tangent's slope at every x.")
        )
        self.play(FadeIn(daxes), FadeIn(name_bg), FadeIn(name), *(FadeOut(o) for o in old), run_time=0.8)
        self.add(guide, drawn, tan, fdot, ddot)
        self.play(x.animate.set_value(xb), run_time=5, rate_func=linear)
        for mob in (drawn, tan, fdot, ddot, guide):
            mob.clear_updaters()
        self.caption(T("derivative.signs", "Where f climbs, f'(x) is above zero; where f falls, f'(x) is below zero."))
        self.play(FadeOut(tan), FadeOut(guide), run_time=0.5)


def corner_label(box: GraphBox, label, pieces, obstacles=()) -> None:
    """Put ``label`` inside ``box`` along its top or bottom edge where the curve comes least near, off the
    tick numbers: a corner when one is free, else between them (a parabola fills both top corners)."""
    left, r, b, t = box.region
    pts = np.concatenate([box.points(p) for p in pieces if len(p)]) if pieces else np.zeros((0, 3))
    best, best_hits = None, None
    low, high = left + label.width / 2 + 0.1, r - label.width / 2 - 0.1
    # the corners first, so they win a tie; then three places between them
    xs = [low, high, *(low + f * (high - low) for f in (0.25, 0.5, 0.75))] if high > low else [low]
    for k, x in enumerate(xs):
        for cy, sy in ((t, -1), (b, 1)):
            centre = np.array([x, cy + sy * (label.height / 2 + 0.1), 0])
            x0, x1 = centre[0] - label.width / 2 - 0.15, centre[0] + label.width / 2 + 0.15
            y0, y1 = centre[1] - label.height / 2 - 0.15, centre[1] + label.height / 2 + 0.15
            hits = int(np.sum((pts[:, 0] > x0) & (pts[:, 0] < x1) & (pts[:, 1] > y0) & (pts[:, 1] < y1)))
            for ob in obstacles:
                if min(x1, ob.get_right()[0]) > max(x0, ob.get_left()[0]) and min(y1, ob.get_top()[1]) > max(
                    y0, ob.get_bottom()[1]
                ):
                    hits += 10_000
            hits += 0.5 * (k >= 2)  # between the corners only when that crosses less of the curve
            if best_hits is None or hits < best_hits:
                best, best_hits = centre, hits
    label.move_to(best)


def drop_in(mob):
    return FadeIn(mob, shift=0.1 * DOWN)
