"""Linear regression: a line y = m x + b moves from flat to the least-squares
fit while the residuals shrink; then each symbol is read in plain English.
Collinear mode: two nearly identical features are refitted on fresh data and
their coefficients swing while the fitted line hardly moves.

Every number comes from ``intuition.statistics.regression`` (``self.model``).
Your own points: ``--set csv=examples/data/study_hours.csv`` (columns by
``x_column``/``y_column``, header name or number from 1; 3..200 rows), fitted
by ``intuition.statistics.regression_of_points``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    Line,
    Mobject,
    Polygon,
    ValueTracker,
    VGroup,
    config,
)

from intuition import statistics as stats
from intuition.words import T, num
from scenes import style
from scenes.base import IntuitionScene
from scenes.layout import box_of, boxes_overlap, place_labels
from scenes.plane import segment_boxes
from scenes.probability import charts


def r_squared_caption(r2: float | None) -> str:
    if r2 is None:
        return T(
            "regression.r2_undefined",
            "Every y is the same: there is no spread for x to explain, so R² is undefined.",
        )
    return T(
        "regression.r2",
        "R² = {r2}: the line explains {percent}% of the spread in y.",
        r2=r2,
        percent=num(100 * r2, 0),
    )


def swing_caption(m) -> str:
    """What the refits showed, true for exact copies (rank-deficient) and near copies alike."""
    w1 = [f.coefficients[0] for f in m.refits]
    if m.design_rank is not None and m.design_rank < 3:
        return T(
            "regression.exact_copies",
            "Every point on the dashed line w₁ + w₂ = {sum} fits equally well; least squares just picks the even split.",  # noqa: E501
            sum=m.refits[-1].coefficient_sum,
        )
    return T(
        "regression.swing",
        "The line barely moves and w₁ + w₂ stays near {sum}, but w₁ swings from {low} to {high}.",
        sum=float(np.mean([f.coefficient_sum for f in m.refits])),
        low=min(w1),
        high=max(w1),
    )


class RegressionScene(IntuitionScene):
    """Least squares, residuals, the reading of m and b; multicollinearity as a mode.

    Examples
    --------
    >>> class Noisy(RegressionScene):
    ...     noise = 4.0
    """

    def construct(self) -> None:
        self.build_axes()
        self.show_points()
        if self.model.mode == "collinear":
            self.fit_first_line()
            self.refit_on_fresh_data()
        else:
            self.start_flat()
            self.slide_to_least_squares()
            self.read_slope()
            self.read_intercept()
            self.read_r_squared()

    # --- pictures ---------------------------------------------------------------------------

    def line_for(self, m: float, b: float) -> Line:
        ax = self.axes
        x0, x1 = ax.x_range[0], ax.x_range[1]
        y0, y1 = ax.y_range[0], ax.y_range[1]
        # clip the line to the axes box so a steep start never leaves the chart
        pts = []
        for x in (x0, x1):
            pts.append((x, m * x + b))
        if abs(m) > 1e-12:
            for y in (y0, y1):
                x = (y - b) / m
                if x0 < x < x1:
                    pts.append((x, y))
        inside = sorted((p for p in pts if y0 - 1e-9 <= p[1] <= y1 + 1e-9), key=lambda p: p[0])
        if len(inside) < 2:
            inside = [(x0, min(max(b, y0), y1)), (x1, min(max(m * x1 + b, y0), y1))]
        return Line(ax.c2p(*inside[0]), ax.c2p(*inside[-1]), color=style.POSITIVE, stroke_width=5)

    def residual_lines(self, x, y, m: float, b: float) -> VGroup:
        ax = self.axes
        return VGroup(
            *(
                Line(ax.c2p(xi, yi), ax.c2p(xi, m * xi + b), color=style.NEGATIVE, stroke_width=2.5)
                for xi, yi in zip(x, y)
            )
        )

    def dots_for(self, x, y) -> VGroup:
        return VGroup(*(Dot(self.axes.c2p(xi, yi), radius=0.06, color=style.VECTOR) for xi, yi in zip(x, y)))

    # --- storyboard ---------------------------------------------------------------------------

    def build_axes(self) -> None:
        m = self.model
        self.show_title()
        collinear = m.mode == "collinear"
        panel_width = 6.9 if collinear else charts.PANEL_WIDTH + 0.3  # keep points clear of the panel
        self.share = None
        if not collinear:  # below the chart (a tall or square frame) the readouts get the height they need
            self.build_readouts()
            self.share = charts.readouts_share(self, (self.eq_row, self.mse_row, self.m_words, self.b_words,
                                                      self.r2_row))
        left, right, bottom, top = charts.chart_box(self, panel_width=panel_width, share=self.share)
        x0, x1, y0, y1 = m.bounds
        # a teacher's data keeps its own scale (y in thousandths is not padded by a whole unit)
        pad = 0.05 * (max(y1 - y0, 1.0) if m.source == "generated" or y1 <= y0 else y1 - y0)
        y0, y1 = charts.nice_range(y0 - pad, y1 + pad, 5)
        self.axes = charts.chart_axes(
            charts.nice_range(x0, x1, 5), (y0, y1), width=right - left, height=top - bottom - 0.2, x_ticks=5, y_ticks=5
        )
        charts.place_axes(self.axes, (left, right, bottom, top))
        self.x_name = style.text("x₁" if collinear else "x", size=style.LABEL_SIZE, color=style.MUTED)
        self.y_name = style.text("y", size=style.LABEL_SIZE, color=style.MUTED)
        self.place_axis_names()
        self.play(Create(self.axes), FadeIn(self.x_name), FadeIn(self.y_name), run_time=0.8)

    def chart_marks(self) -> list:
        """What a label on the chart must keep off: tick numbers, tick marks and the axis lines."""
        ax = self.axes
        labels = (*ax.x_axis.numbers, *ax.y_axis.numbers, *ax.factor_labels)  # factor: × 10^k past the ticks
        marks = [box_of(t, 0.03) for t in (*labels, *ax.x_axis.ticks, *ax.y_axis.ticks)]
        for axis in (ax.x_axis, ax.y_axis):
            marks += segment_boxes(axis.get_start(), axis.get_end(), pad=0.03, piece=0.25)
        return marks

    def place_axis_names(self) -> None:
        """x past the x axis' end, y beside the y axis' top end: never on a tick or its number, nor a point."""
        ax, m = self.axes, self.model
        dots = [(c[0] - 0.08, c[0] + 0.08, c[1] - 0.08, c[1] + 0.08) for c in charts.points(ax, m.x, m.y)]
        top = ax.c2p(ax.x_range[0], ax.y_range[1])  # the axis line's top end (its tick numbers stand left of it)
        right = ax.c2p(ax.x_range[1], ax.y_range[0])
        half = config.frame_width / 2
        region = (-half + style.EDGE / 2, half - style.EDGE / 2, self.content_bottom, self.content_top)
        place_labels(
            [self.y_name, self.x_name],
            [top, right],
            [np.array([1.0, -0.4, 0.0]), RIGHT],
            obstacles=self.chart_marks() + dots,
            buff=0.1,
            region=region,
        )

    def show_points(self) -> None:
        m = self.model
        self.dots = self.dots_for(m.x, m.y)
        if m.mode == "collinear":
            corr = m.feature_correlation
            if m.design_rank is not None and m.design_rank < 3:
                self.caption(
                    T("regression.exact_features", "Two features, where x₂ is an exact copy of x₁ (correlation 1).")
                )
            else:
                self.caption(
                    T(
                        "regression.near_features",
                        "Two features x₁ and x₂ that are almost copies: correlation {corr}.",
                        corr=num(corr, 4),
                    )
                )
        elif m.source != "generated":
            self.caption(
                T(
                    "regression.points_file",
                    "{count} points from {file}: {y} against {x}. Which straight line y = m x + b fits them best?",
                    count=len(m.x),
                    file=Path(m.source).name,
                    x=m.column_names[0],
                    y=m.column_names[1],
                )
            )
        else:
            self.caption(
                T(
                    "regression.points",
                    "{count} points. Which straight line y = m x + b fits them best?",
                    count=len(m.x),
                )
            )
        self.play(FadeIn(self.dots, lag_ratio=0.08), run_time=1.2)
        self.add_foreground_mobjects(self.dots)

    # simple mode ---------------------------------------------------------------------------------

    def build_readouts(self) -> None:
        """The numbers panel's rows: the line's equation, its mean squared residual, what m and b mean, R²."""
        m = self.model
        self.m_num = charts.value(m.start_slope, 2, style.I_HAT)
        self.b_num = charts.value(m.start_intercept, 2, style.ACCENT)
        self.mse_num = charts.value(m.start_mean_squared_error, 2, style.NEGATIVE, size=style.SMALL_SIZE)
        parts = [
            style.text("y =", size=style.LABEL_SIZE),
            self.m_num,
            style.text("x +", size=style.LABEL_SIZE),
            self.b_num,
        ]
        # the numbers change width as they slide: give each a slot as wide as its widest value
        slots = [
            parts[0].width,
            self.slot_width(m.start_slope, m.slope),
            parts[2].width,
            self.slot_width(m.start_intercept, m.intercept),
        ]
        x = 0.0
        for part, w in zip(parts, slots):
            part.move_to(np.array([x, 0.0, 0.0]), aligned_edge=LEFT)
            x += w + 0.12
        eq = VGroup(*parts)
        self.eq_row = eq
        self.mse_row = charts.row(
            style.text(T("regression.mse", "mean squared residual ="), size=style.SMALL_SIZE, color=style.NEGATIVE),
            self.mse_num,
        )
        self.m_words = style.text(
            T("regression.slope_words", "m, the slope: y rises {slope}\nfor every step of 1 in x", slope=m.slope),
            size=style.SMALL_SIZE,
            color=style.I_HAT,
        )
        self.b_words = style.text(
            T(
                "regression.intercept_words",
                "b, the intercept: the line\ncrosses the y axis at {intercept}",
                intercept=m.intercept,
            ),
            size=style.SMALL_SIZE,
            color=style.ACCENT,
        )
        if m.r_squared is None:
            r2 = T("regression.r2_row_undefined", "R² = undefined")
        else:
            r2 = T("regression.r2_row", "R² = {r2}", r2=m.r_squared)
        self.r2_row = style.text(r2, size=style.LABEL_SIZE, color=style.HIGHLIGHT)
        for row in (self.m_words, self.b_words):
            style.fit_width(row, charts.PANEL_WIDTH - 0.35)

    def start_flat(self) -> None:
        m = self.model
        self.panel = charts.panel(
            self.eq_row, self.mse_row, self.m_words, self.b_words, self.r2_row, top=self.content_top, fit_rows=True,
            share=self.share,
        )
        self.t = ValueTracker(0.0)
        self.line = self.line_for(m.start_slope, m.start_intercept)
        self.residuals = self.residual_lines(m.x, m.y, m.start_slope, m.start_intercept)
        self.caption(
            T("regression.start_flat", "Start flat, at the average y. The red segments are the residuals: the misses.")
        )
        self.play(Create(self.line), FadeIn(self.eq_row), run_time=1.0)
        self.play(Create(self.residuals, lag_ratio=0.05), FadeIn(self.mse_row), run_time=1.2)
        self.wait(0.6)

    @staticmethod
    def slot_width(a: float, b: float) -> float:
        widest = max(abs(a), abs(b))
        return charts.value(-widest if min(a, b) < 0 else widest, 2).width

    def current(self) -> tuple[float, float]:
        m, t = self.model, self.t.get_value()
        return (1 - t) * m.start_slope + t * m.slope, (1 - t) * m.start_intercept + t * m.intercept

    def slide_to_least_squares(self) -> None:
        m = self.model

        def follow(_mob: Mobject) -> None:
            s, b = self.current()
            self.line.become(self.line_for(s, b))
            self.residuals.become(self.residual_lines(m.x, m.y, s, b))
            self.m_num.set_value(s)
            self.b_num.set_value(b)
            self.mse_num.set_value(stats.mean_squared_error(m.x, m.y, s, b))

        driver = Mobject()
        driver.add_updater(follow)
        self.add(driver)
        self.caption(
            T(
                "regression.least_squares",
                "Least squares: turn and lift the line until the squared misses are as small as they get.",
            )
        )
        self.play(self.t.animate.set_value(1.0), run_time=3.5)
        driver.clear_updaters()
        self.remove(driver)
        self.t.set_value(1.0)
        follow(driver)
        self.m_num.set_value(m.slope)
        self.b_num.set_value(m.intercept)
        self.mse_num.set_value(m.mean_squared_error)
        self.wait(0.5)

    def read_slope(self) -> None:
        m, ax = self.model, self.axes
        # a run of one tick step along x (2 on the 0..10 chart: 1 looks tiny), drawn where the line is inside
        x0, x1 = ax.x_range[0], ax.x_range[1]
        run = charts.tick_step(x0, x1, 5)
        def fits(xa: float) -> bool:  # the triangle inside the chart
            ya, yb = m.slope * xa + m.intercept, m.slope * (xa + run) + m.intercept
            return ax.y_range[0] <= min(ya, yb) and max(ya, yb) <= ax.y_range[1]

        starts = [x0 + f * (x1 - x0) for f in np.arange(0.15, 0.71, 0.05)]
        inside = [xa for xa in starts if fits(xa)] or starts[:1]
        # the first spot along the line where both numbers fit clear (off residuals, points and lines)
        for xa in inside:
            p0, p1, p2, across, up, clear = self.slope_triangle(xa, run)
            if clear:
                break
        if not clear:
            p0, p1, p2, across, up, clear = self.slope_triangle(inside[0], run)
        tri = Polygon(p0, p1, p2, stroke_color=style.I_HAT, stroke_width=3, fill_color=style.I_HAT, fill_opacity=0.2)
        self.run_label, self.rise_label = across, up
        self.caption(
            T(
                "regression.slope",
                "m, the slope: y goes up {slope} for every 1 you move right in x (here {run} across, {rise} up).",
                slope=m.slope,
                run=run,
                rise=run * m.slope,
            )
        )
        self.play(
            Create(tri),
            FadeIn(across),
            FadeIn(up),
            FadeIn(self.m_words, shift=0.2 * DOWN),
            self.eq_row[1].animate.scale(1.2),
            run_time=1.0,
        )
        self.play(self.eq_row[1].animate.scale(1 / 1.2), run_time=0.4)
        self.wait(1.0)

    def slope_triangle(self, xa: float, run: float):
        """The run-and-rise triangle from x = ``xa`` and its two numbers, placed beside their legs
        (outside the triangle when there is room) off residuals, points, lines and ticks; and
        whether they found room."""
        m, ax = self.model, self.axes
        ya, yb = m.slope * xa + m.intercept, m.slope * (xa + run) + m.intercept
        p0, p1, p2 = ax.c2p(xa, ya), ax.c2p(xa + run, ya), ax.c2p(xa + run, yb)
        across = style.text(num(run), size=style.SMALL_SIZE, color=style.I_HAT)
        up = style.text(num(run * m.slope), size=style.SMALL_SIZE, color=style.I_HAT)
        segments = [(p0, p1), (p1, p2), (p0, p2), (self.line.get_start(), self.line.get_end())]
        segments += [(r.get_start(), r.get_end()) for r in self.residuals if r.has_points()]
        obstacles = [b for a, z in segments for b in segment_boxes(a, z, pad=0.03)]
        obstacles += [box_of(d, 0.03) for d in self.dots] + self.chart_marks()
        obstacles += [box_of(ob) for ob in (self._title_mob, self._caption_mob, self.panel) if ob is not None]
        outside = DOWN if yb >= ya else UP
        place_labels([across, up], [(p0 + p1) / 2, (p1 + p2) / 2], [outside, RIGHT], obstacles=obstacles, buff=0.08)
        clear = not any(boxes_overlap(box_of(lab), ob) for lab in (across, up) for ob in obstacles)
        return p0, p1, p2, across, up, clear

    def read_intercept(self) -> None:
        m, ax = self.model, self.axes
        x0, x1 = ax.x_range[0], ax.x_range[1]
        if not x0 <= 0.0 <= x1:
            # a teacher's data far from x = 0: the crossing is off this chart, and said so
            self.caption(
                T(
                    "regression.intercept_off_chart",
                    "b, the intercept: the line would cross the y axis at {intercept}, at x = 0, off this chart.",
                    intercept=m.intercept,
                )
            )
            self.play(FadeIn(self.b_words, shift=0.2 * DOWN), run_time=1.0)
            self.wait(1.0)
            return
        b = min(max(m.intercept, ax.y_range[0]), ax.y_range[1])
        mark = Dot(ax.c2p(0, b), radius=0.09, color=style.ACCENT)
        shown = [FadeIn(mark, scale=2)]
        if x0 < 0.0:  # the drawn y axis stands at the left end: mark where x = 0 is
            zero = DashedLine(ax.c2p(0, ax.y_range[0]), ax.c2p(0, ax.y_range[1]), color=style.MUTED, stroke_width=2)
            shown.insert(0, Create(zero))
        self.caption(
            T(
                "regression.intercept",
                "b, the intercept: the line crosses the y axis at {intercept}, where x = 0.",
                intercept=m.intercept,
            )
        )
        self.play(*shown, FadeIn(self.b_words, shift=0.2 * DOWN), run_time=1.0)
        self.wait(1.0)

    def read_r_squared(self) -> None:
        m = self.model
        self.caption(r_squared_caption(m.r_squared))
        self.play(FadeIn(self.r2_row, shift=0.2 * DOWN), run_time=0.8)
        self.wait(1.2)
        self.caption(T("regression.closing", "y is the slope times x, plus where the line crosses the axis."))
        self.wait(1.8)

    # collinear mode ---------------------------------------------------------------------------------

    def coefficient_plane(self) -> None:
        """Axes for (w1, w2) on the right, with the line w1 + w2 = the slope the data pins down."""
        m = self.model
        ws = np.array([f.coefficients for f in m.refits])
        reach = max(float(np.abs(ws).max()), abs(m.slope), 1.0) * 1.1
        lo, hi = charts.nice_range(-reach, reach, 4)
        r = max(-lo, hi)
        right = config.frame_width / 2 - style.EDGE - 0.45  # room for the w1 name past the axis end
        top = self.content_top - 0.45
        size = min(4.0, top - (self.content_bottom + 1.65))
        self.coef_axes = charts.chart_axes((-r, r), (-r, r), width=size, height=size, x_ticks=4, y_ticks=4)
        ax = self.coef_axes
        # put the axis lines (not their tick numbers) at the box's top-right
        ax.shift(np.array([right - ax.x_axis.get_right()[0], top - ax.y_axis.get_top()[1], 0.0]))
        self.coef_reach = r
        self.ridge = self.ridge_for(m.refits[0].coefficient_sum)
        self.w1_name = style.text("w₁", size=style.SMALL_SIZE, color=style.I_HAT)
        self.w1_name.next_to(ax.x_axis.get_right(), RIGHT, buff=0.1)
        self.w2_name = style.text("w₂", size=style.SMALL_SIZE, color=style.ACCENT)
        self.w2_name.next_to(ax.y_axis.get_top(), UP, buff=0.08)
        self.coef_name = style.text(
            T("regression.weights_name", "the two weights of each fit"), size=style.SMALL_SIZE, color=style.MUTED
        )
        # beside the w2 name at the top of the y axis, never over it
        style.fit_width(self.coef_name, ax.get_right()[0] - self.w2_name.get_right()[0] - 0.2)
        self.coef_name.next_to(ax, UP, buff=0.08).align_to(ax, RIGHT)

    def ridge_for(self, c: float) -> DashedLine:
        """Every (w1, w2) with w1 + w2 = c: weights that give the same fitted line; clipped to the box."""
        ax, r = self.coef_axes, self.coef_reach
        a, b = max(-r, c - r), min(r, c + r)
        return DashedLine(ax.c2p(a, c - a), ax.c2p(b, c - b), color=style.MUTED, stroke_width=2)

    def fit_first_line(self) -> None:
        m = self.model
        self.coefficient_plane()
        f = m.refits[0]
        self.line = self.line_for(f.coefficient_sum, f.intercept)
        self.w1_num = charts.value(f.coefficients[0], 2, style.I_HAT, size=style.SMALL_SIZE)
        self.w2_num = charts.value(f.coefficients[1], 2, style.ACCENT, size=style.SMALL_SIZE)
        self.sum_num = charts.value(f.coefficient_sum, 2, style.POSITIVE, size=style.SMALL_SIZE)
        self.refit_num = style.text(
            T("regression.fit_count", "fit {k} of {total}:", k=1, total=len(m.refits)),
            size=style.SMALL_SIZE,
            color=style.MUTED,
        )
        eq = style.text("y = w₁ x₁ + w₂ x₂ + c", size=style.SMALL_SIZE)
        r1 = charts.row(style.text("w₁ =", size=style.SMALL_SIZE, color=style.I_HAT), self.w1_num)
        r2 = charts.row(style.text("w₂ =", size=style.SMALL_SIZE, color=style.ACCENT), self.w2_num)
        r3 = charts.row(style.text("w₁ + w₂ =", size=style.SMALL_SIZE, color=style.POSITIVE), self.sum_num)
        # each weight gets a slot as wide as its widest value, so the row never shifts or collides
        widest = max(max(abs(v) for v in fw.coefficients + (fw.coefficient_sum,)) for fw in m.refits)
        probe = charts.value(-widest, 2, size=style.SMALL_SIZE)
        weights = VGroup(r1, r2, r3)
        x = 0.0
        for row in weights:
            row.move_to(np.array([x, 0.0, 0.0]), aligned_edge=LEFT)
            x += row[0].width + 0.12 + probe.width + 0.35
        readout = VGroup(charts.row(self.refit_num, eq), weights)
        readout.arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        left_edge = max(self.axes.get_right()[0], self.x_name.get_right()[0]) + 0.3
        right_edge = config.frame_width / 2 - style.EDGE
        style.fit_into(readout, right_edge - left_edge, self.coef_axes.get_bottom()[1] - self.content_bottom - 0.5)
        readout.next_to(self.coef_axes, DOWN, buff=0.45)
        readout.shift(RIGHT * (max(left_edge - readout.get_left()[0], 0) - max(readout.get_right()[0] - right_edge, 0)))
        self.readout = readout
        self.point = Dot(self.coef_axes.c2p(*f.coefficients), radius=0.08, color=style.HIGHLIGHT)
        self.caption(T("regression.first_fit", "Fit y = w₁ x₁ + w₂ x₂ + c by least squares: the line fits well."))
        self.play(
            Create(self.line),
            Create(self.coef_axes),
            FadeIn(self.coef_name),
            FadeIn(self.w1_name),
            FadeIn(self.w2_name),
            run_time=1.2,
        )
        self.play(FadeIn(readout), FadeIn(self.point, scale=2), run_time=1.0)
        self.wait(0.8)

    def refit_on_fresh_data(self) -> None:
        m = self.model
        if m.design_rank is not None and m.design_rank < 3:
            self.caption(
                T("regression.exact_refit", "x₂ is an exact copy of x₁: every split of the weight fits equally well.")
            )
        else:
            self.caption(T("regression.refit", "Now refit on fresh data from the same process, again and again."))
        self.play(Create(self.ridge), run_time=0.8)
        trail = VGroup()
        self.add(trail)
        for k, f in enumerate(m.refits[1:], start=2):
            new_dots = self.dots_for(f.x1, f.y)
            ghost = self.point.copy().set_opacity(0.35)
            trail.add(ghost)
            label = style.text(
                T("regression.fit_count", "fit {k} of {total}:", k=k, total=len(m.refits)),
                size=style.SMALL_SIZE,
                color=style.MUTED,
            )
            self.refit_num.become(label.replace(self.refit_num, dim_to_match=1))
            self.w1_num.set_value(f.coefficients[0])
            self.w2_num.set_value(f.coefficients[1])
            self.sum_num.set_value(f.coefficient_sum)
            self.play(
                self.dots.animate.become(new_dots),
                self.line.animate.become(self.line_for(f.coefficient_sum, f.intercept)),
                self.point.animate.move_to(self.coef_axes.c2p(*f.coefficients)),
                self.ridge.animate.become(self.ridge_for(f.coefficient_sum)),
                run_time=1.1,
            )
            self.wait(0.5)
        self.caption(swing_caption(m))
        self.wait(2.0)
        if m.design_rank is not None and m.design_rank < 3:
            self.caption(
                T(
                    "regression.collinear",
                    "With collinear features the data pin down only their sum: that is multicollinearity.",
                )
            )
        else:
            self.caption(
                T(
                    "regression.nearly_collinear",
                    "With nearly collinear features the data pin down only their sum: that is multicollinearity.",
                )
            )
        self.wait(2.0)
