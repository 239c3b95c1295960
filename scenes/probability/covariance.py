"""Covariance: variance as the average square, then a 2D cloud whose correlation changes.

Every number and shape comes from ``intuition.probability.covariance``: the
squared deviations, the variance, the covariance matrix and ellipse of the
start and target clouds, and the keyframe clouds of the morph. Between
keyframes the points are interpolated and the readouts are the model's
``cloud_stats`` of exactly the points on screen.

Your own points: ``--set csv=examples/data/heights_weights.csv`` (columns by
``x_column``/``y_column``, header name or number from 1; 3..200 rows): the
variance of the x column, then the cloud as it is, read without a slide
(``intuition.probability.covariance_of_points``).
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
    FadeOut,
    Line,
    Mobject,
    ValueTracker,
    VGroup,
    VMobject,
    config,
)

from intuition import probability as prob
from intuition.words import T
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.layout import frame_region
from scenes.probability import charts

SIGN_COLOR = style.RoleMap({"positive": "POSITIVE", "negative": "NEGATIVE", "zero": "MUTED"})


def sign_words(sign: str) -> str:
    if sign == "positive":
        return T("covariance.sign_positive", "positive: x and y rise together")
    if sign == "negative":
        return T("covariance.sign_negative", "negative: as x rises, y falls")
    return T("covariance.sign_zero", "zero: no straight-line relation")


def reading_caption(stats: prob.CloudStats, sign: str) -> str:
    """The target cloud's covariance and correlation, and what their sign says."""
    values = {"cov": stats.covariance, "corr": stats.correlation}
    if sign == "positive":
        return T(
            "covariance.reading_positive", "Covariance {cov}, correlation {corr}: x and y rise together.", **values
        )
    if sign == "negative":
        return T("covariance.reading_negative", "Covariance {cov}, correlation {corr}: as x rises, y falls.", **values)
    return T("covariance.reading_zero", "Covariance {cov}, correlation {corr}: no straight-line relation.", **values)


def sign_caption(stats: prob.CloudStats, sign: str, zero_variance: bool) -> str:
    if zero_variance:
        return T(
            "covariance.sign_constant",
            "One variable never changes, so covariance is 0 and correlation is undefined.",
        )
    if sign == "positive":
        return T(
            "covariance.rectangles_positive",
            "Most rectangles are blue (both above or both below the mean): covariance > 0.",
        )
    if sign == "negative":
        return T(
            "covariance.rectangles_negative",
            "Most rectangles are red (one above, one below the mean): covariance < 0.",
        )
    return T("covariance.rectangles_zero", "Blue and red rectangles cancel: covariance 0, no straight-line trend.")


def beside(mob: Mobject, like: Mobject) -> Mobject:
    """``mob`` in the place of the panel row ``like`` (left-aligned), narrowed to end inside the frame."""
    mob.move_to(like, aligned_edge=LEFT)
    style.fit_width(mob, config.frame_width / 2 - style.EDGE - 0.1 - like.get_left()[0])
    return mob.move_to(like, aligned_edge=LEFT)


def ellipse_points(stats: prob.CloudStats, n: int = 97) -> np.ndarray:
    """The covariance ellipse (2 standard deviations) in data coordinates."""
    a, b = stats.ellipse_axes
    t = np.linspace(0, 2 * np.pi, n)
    c, s = np.cos(stats.ellipse_angle), np.sin(stats.ellipse_angle)
    u, v = a * np.cos(t), b * np.sin(t)
    return np.column_stack([stats.mean[0] + c * u - s * v, stats.mean[1] + s * u + c * v])


class CovarianceScene(IntuitionScene):
    """Variance drawn as squares; a scatter whose correlation changes, with its ellipse.

    Examples
    --------
    >>> class Flat(CovarianceScene):
    ...     spread_y = 0
    """

    def construct(self) -> None:
        self.show_title()
        self.draw_values()
        self.draw_squares()
        self.average_square()
        self.draw_scatter()  # clears the number line once its caption is up: the variance step ends on its square
        self.signed_rectangles()
        self.show_ellipse()
        self.change_correlation()
        self.read_target()

    # --- variance: a number line with squares ----------------------------------------------

    def line_point(self, x: float, y: float = 0.0) -> np.ndarray:
        return self.line_origin + self.line_unit * np.array([x - self.model.mean, y, 0.0])

    def build_cov_readouts(self) -> None:
        """The covariance panel's rows (the tallest panel of the clip): its heading, Σ, cov(x, y), the sign's
        words, the correlation."""
        m = self.model
        st = m.start
        self.cov_value = charts.value(st.covariance, 2, SIGN_COLOR[m.covariance_sign])
        self.cov_row = charts.labelled("cov(x, y) =", self.cov_value)
        self.corr_value = charts.value(st.correlation if st.correlation is not None else 0.0, 2, style.HIGHLIGHT)
        self.corr_row = charts.labelled(T("covariance.correlation_is", "correlation ="), self.corr_value)
        self.corr_undefined = style.text(
            T("covariance.correlation_undefined", "correlation: undefined"),
            size=style.LABEL_SIZE,
            color=style.HIGHLIGHT,
        )
        self.matrix = style.matrix_math(np.round(st.covariance_matrix, 2), "Σ", size=style.MATH_SIZE)
        self.matrix.set_color(style.TEXT)
        self.cov_heading = style.text(T("covariance.covariance_heading", "Covariance"), size=style.LABEL_SIZE + 4,
                                      weight="BOLD")
        self.sign_row = style.text(
            sign_words(m.covariance_sign), size=style.SMALL_SIZE, color=SIGN_COLOR[m.covariance_sign]
        )
        style.fit_width(self.corr_undefined, charts.PANEL_WIDTH - 0.35)

    def draw_values(self) -> None:
        m = self.model
        # below the picture (a tall or square frame) both panels get the height the taller one needs
        self.build_cov_readouts()
        self.share = charts.readouts_share(
            self, (self.cov_heading, self.matrix, self.cov_row, self.sign_row, self.corr_row), buff=0.26
        )
        left, right, bottom, top = charts.chart_box(self, share=self.share)
        width = right - left
        dev = np.abs(m.deviations)
        reach = max(float(dev.max()), 1e-9)
        height = top - bottom - 0.3
        # the biggest square must fit above the line, and the line in the chart's width
        self.line_unit = min(width / (2 * reach * 1.1), height / (reach * 1.05)) if reach > 1e-9 else 1.0
        self.line_origin = np.array([(left + right) / 2, bottom + 0.2, 0.0])
        half = width / 2
        self.number_line = Line(
            self.line_origin - half * RIGHT, self.line_origin + half * RIGHT, color=style.MUTED, stroke_width=2
        )
        self.dots = VGroup(*[Dot(self.line_point(x), radius=0.05, color=style.TEXT) for x in m.values])
        self.mean_mark = DashedLine(
            self.line_point(m.mean, 0) + 0.25 * DOWN,
            self.line_point(m.mean, 0) + 0.9 * UP,
            color=style.ACCENT,
            stroke_width=3,
        )
        self.mean_label = style.text(
            T("covariance.mean_label", "mean {mean}", mean=m.mean), size=style.SMALL_SIZE, color=style.ACCENT
        )
        self.mean_label.next_to(self.mean_mark, DOWN, buff=0.08)

        self.var_value = charts.value(m.variance, 2, style.POSITIVE)
        self.var_row = charts.labelled(T("covariance.variance_is", "variance ="), self.var_value)
        self.var_words = style.text(
            T("covariance.variance_meaning", "average squared\ndistance from the mean"),
            size=style.SMALL_SIZE,
            color=style.MUTED,
        )
        heading = style.text(T("covariance.variance_heading", "Variance"), size=style.LABEL_SIZE + 4, weight="BOLD")
        self.var_panel = charts.panel(heading, self.var_row, self.var_words, top=self.content_top, fit_rows=True,
                                      share=self.share)
        self.var_heading = heading
        if m.source == "generated":
            words = T(
                "covariance.values", "{count} measurements of one quantity x, and their mean.", count=len(m.values)
            )
        else:
            words = T(
                "covariance.values_file",
                "{count} values of {x} from {file}, and their mean.",
                count=len(m.values),
                x=m.column_names[0],
                file=Path(m.source).name,
            )
        self.caption(words)
        self.play(Create(self.number_line), FadeIn(heading), run_time=0.6)
        self.play(FadeIn(self.dots, lag_ratio=0.05), run_time=1.0)
        self.play(Create(self.mean_mark), FadeIn(self.mean_label), run_time=0.6)

    def draw_squares(self) -> None:
        m = self.model
        self.squares = VGroup()
        for x, d in zip(m.values, m.deviations):
            if abs(d) < 1e-12:
                continue
            a, b = self.line_point(m.mean), self.line_point(x)
            side = abs(b[0] - a[0])
            sq = VMobject(stroke_color=style.POSITIVE, stroke_width=1.5, fill_color=style.POSITIVE, fill_opacity=0.06)
            sq.set_points_as_corners([a, b, b + side * UP, a + side * UP, a])
            self.squares.add(sq)
        if m.zero_variance or len(self.squares) == 0:
            self.caption(
                T("covariance.no_distances", "Every value equals the mean: every distance is 0, so the variance is 0.")
            )
            self.wait(1.5)
            return
        self.caption(
            T("covariance.squares", "Each value's distance from the mean, squared: a square on that distance.")
        )
        self.play(Create(self.squares, lag_ratio=0.08), run_time=2.0)

    def average_square(self) -> None:
        m = self.model
        if m.zero_variance:
            self.caption(T("covariance.no_spread", "No spread at all: the variance is 0."))
            self.play(FadeIn(self.var_row), FadeIn(self.var_words), run_time=0.8)
            self.wait(1.0)
            self.avg_square = VMobject()
            return
        side = np.sqrt(m.variance) * self.line_unit
        a = self.line_point(m.mean)
        self.avg_square = VMobject(
            stroke_color=style.POSITIVE, stroke_width=5, fill_color=style.POSITIVE, fill_opacity=0.55
        )
        self.avg_square.set_points_as_corners([a, a + side * RIGHT, a + side * (RIGHT + UP), a + side * UP, a])
        self.caption(
            T(
                "covariance.average_square",
                "Variance is the average area of these squares: {variance}.",
                variance=m.variance,
            )
        )
        self.play(
            self.squares.animate.set_stroke(opacity=0.3),
            FadeIn(self.avg_square),
            FadeIn(self.var_row),
            FadeIn(self.var_words),
            run_time=1.0,
        )
        self.wait(1.2)

    def clear_number_line(self) -> None:
        self.play(
            *[
                FadeOut(mob)
                for mob in (
                    self.number_line,
                    self.dots,
                    self.mean_mark,
                    self.mean_label,
                    self.squares,
                    self.avg_square,
                    self.var_heading,
                    self.var_row,
                    self.var_words,
                )
            ],
            run_time=0.6,
        )

    # --- covariance: a scatter --------------------------------------------------------------

    def p(self, xy) -> np.ndarray:
        return self.axes.c2p(float(xy[0]), float(xy[1]))

    def pts(self, xys) -> np.ndarray:
        xys = np.asarray(xys, dtype=float)
        return charts.points(self.axes, xys[:, 0], xys[:, 1], clip=False)

    def draw_scatter(self) -> None:
        m = self.model
        left, right, bottom, top = charts.chart_box(self, share=self.share)
        if m.equal_units:  # axes that cross at 0 carry their tick numbers inside: the room kept below is the chart's
            bottom -= 0.35
        xmin, xmax, ymin, ymax = m.bounds
        pad_x, pad_y = 0.08 * (xmax - xmin), 0.08 * (ymax - ymin)
        xr, yr = (xmin - pad_x, xmax + pad_x), (ymin - pad_y, ymax + pad_y)
        height = top - bottom - 0.2
        if m.source != "generated":
            # a teacher's data far from 0: axes from round numbers (150, 160...), whose y axis may be the
            # chart's full height: room for its name under the title
            xr, yr = charts.nice_range(*xr, 6), charts.nice_range(*yr, 6)
            height -= 0.55
        width = right - left
        if m.equal_units:  # one unit is as long across as up, so the ellipse's tilt is true
            unit = min(width / (xr[1] - xr[0]), height / (yr[1] - yr[0]))
            width, height = unit * (xr[1] - xr[0]), unit * (yr[1] - yr[0])
        self.axes = charts.chart_axes(xr, yr, width=width, height=height, x_ticks=6, y_ticks=6,
                                      edge_axes=not m.equal_units)
        charts.place_axes(self.axes, (left, right, bottom, top))
        self.axes.x_axis.numbers.set_opacity(0.8)
        x_name = style.text("x", size=style.SMALL_SIZE, color=style.MUTED).next_to(self.axes.x_axis, RIGHT, buff=0.1)
        if self.axes.exponents[0]:  # "× 10^k" stands right of the last tick number: x goes past it
            x_name.set_x(self.axes.factor_labels[0].get_right()[0] + 0.1 + x_name.width / 2)
        if x_name.get_right()[0] > frame_region()[1]:  # a chart the frame's width
            x_name.next_to(self.axes.x_axis.get_end(), UP, buff=0.1).align_to(self.axes.x_axis, RIGHT)
        y_name = style.text("y", size=style.SMALL_SIZE, color=style.MUTED).next_to(self.axes.y_axis, UP, buff=0.05)
        if self.axes.exponents[1]:  # "× 10^k" stands above the tick numbers, left of the axis: y goes right of it
            y_name.next_to(self.axes.y_axis.get_end(), RIGHT, buff=0.15).align_to(self.axes.y_axis, UP)
        self.axis_names = VGroup(x_name, y_name)
        st = m.start
        self.cloud_at_frame = self.pts(st.points)
        self.cloud = VGroup(*[Dot(pt, radius=0.055, color=style.TEXT) for pt in self.cloud_at_frame])
        self.centre = Dot(self.p(st.mean), radius=0.08, color=style.ACCENT)

        natural = self.matrix.height
        heading = self.cov_heading
        self.cov_panel = charts.panel(
            heading,
            self.matrix,
            self.cov_row,
            self.sign_row,
            self.corr_row,
            top=self.content_top,
            buff=0.26,
            fit_rows=True,
            share=self.share,
        )
        # below the picture the panel is shrunk as a whole: rows made later (read_target) take its scale
        self.panel_scale = self.matrix.height / natural if frame.stacked() else 1.0
        self.corr_undefined.scale(self.panel_scale)
        beside(self.corr_undefined, self.corr_row)
        self.cov_heading = heading
        if m.source == "generated":
            self.caption(T("covariance.scatter", "Now two quantities per point: x across, y up."))
        else:
            self.caption(
                T(
                    "covariance.scatter_file",
                    "Now two quantities per point: x is {x} across, y is {y} up.",
                    x=m.column_names[0],
                    y=m.column_names[1],
                )
            )
        self.clear_number_line()
        self.play(Create(self.axes), FadeIn(self.axis_names), FadeIn(heading), run_time=0.8)
        self.play(FadeIn(self.cloud, lag_ratio=0.03), FadeIn(self.centre), run_time=1.0)

    def rectangles(self, stats: prob.CloudStats) -> VGroup:
        out = VGroup()
        c = self.p(stats.mean)
        for pt, xy in zip(self.pts(stats.points), stats.points):
            prod = (xy[0] - stats.mean[0]) * (xy[1] - stats.mean[1])
            colour = style.POSITIVE if prod > 0 else style.NEGATIVE
            rect = VMobject(stroke_width=1, stroke_color=colour, fill_color=colour, fill_opacity=0.12)
            rect.set_points_as_corners([c, np.array([pt[0], c[1], 0]), pt, np.array([c[0], pt[1], 0]), c])
            out.add(rect)
        return out

    def signed_rectangles(self) -> None:
        m = self.model
        self.rects = self.rectangles(m.start)
        if not m.zero_variance:
            self.caption(
                T(
                    "covariance.rectangles",
                    "Each point makes a rectangle with the mean: width × height of its distances.",
                )
            )
            self.play(FadeIn(self.rects, lag_ratio=0.02), run_time=1.2)
        self.caption(sign_caption(m.start, m.covariance_sign, m.zero_variance))
        self.play(FadeIn(self.matrix), FadeIn(self.cov_row), FadeIn(self.sign_row), run_time=0.8)
        self.wait(1.2)

    def show_ellipse(self) -> None:
        m = self.model
        self.ellipse = VMobject(stroke_color=style.HIGHLIGHT, stroke_width=4)
        self.ellipse.set_points_as_corners(self.pts(ellipse_points(m.start)))
        corr = self.corr_row if m.start.correlation is not None else self.corr_undefined
        if m.zero_variance:
            self.caption(
                T("covariance.flat_ellipse", "The ellipse flattens to a line: all the spread is in one direction.")
            )
        else:
            self.caption(
                T("covariance.ellipse", "Correlation is covariance on a -1 to 1 scale; the ellipse shows the shape.")
            )
        self.play(FadeOut(self.rects), Create(self.ellipse), FadeIn(corr), run_time=1.0)
        self.shown_corr = corr
        self.wait(0.8)

    def cloud_at(self, u: float) -> prob.CloudStats:
        """The cloud ``u`` keyframes along the model's path, and its statistics."""
        path = self.model.path
        i = int(np.clip(np.floor(u), 0, len(path) - 1))
        j = min(i + 1, len(path) - 1)
        f = float(np.clip(u - i, 0.0, 1.0))
        points = (1 - f) * path[i].points + f * path[j].points
        r = (1 - f) * path[i].correlation_target + f * path[j].correlation_target
        return prob.cloud_stats(points, r)

    def show_number(self, mob, value: float) -> None:
        shown = round(float(value), 2) + 0.0
        if getattr(mob, "shown", None) != shown:
            mob.set_value(shown)
            mob.shown = shown

    def change_correlation(self) -> None:
        m = self.model
        if m.target.correlation_target == m.start.correlation_target:
            return
        if m.zero_variance:  # nothing can be correlated with a quantity that never changes
            return
        u = ValueTracker(0.0)
        last = len(m.path) - 1
        self.fade_matrix = self.matrix
        defined = m.start.correlation is not None and m.target.correlation is not None

        def follow(_mob: Mobject) -> None:
            st = self.cloud_at(u.get_value())
            new = self.pts(st.points)
            for dot, old, pt in zip(self.cloud, self.cloud_at_frame, new):
                dot.shift(pt - old)  # cheaper than move_to, which measures the dot first
            self.cloud_at_frame = new
            self.centre.move_to(self.p(st.mean))
            self.ellipse.set_points_as_corners(self.pts(ellipse_points(st)))
            self.show_number(self.cov_value, st.covariance)
            if defined and st.correlation is not None:
                self.show_number(self.corr_value, st.correlation)

        self.caption(
            T(
                "covariance.slide",
                "Now the correlation slides from {start} to {target}.",
                start=m.start.correlation_target,
                target=m.target.correlation_target,
            )
        )
        self.play(FadeOut(self.matrix), FadeOut(self.sign_row), run_time=0.4)
        driver = Mobject()
        driver.add_updater(follow)
        self.add(driver)
        self.play(u.animate.set_value(float(last)), run_time=4.0)
        follow(driver)
        driver.clear_updaters()
        self.remove(driver)

    def read_target(self) -> None:
        m = self.model
        t = m.target
        scale = float(t.covariance_matrix[0, 0] + t.covariance_matrix[1, 1])
        sign = prob.covariance_sign(t.covariance, scale)
        matrix = style.matrix_math(np.round(t.covariance_matrix, 2), "Σ", size=style.MATH_SIZE)
        matrix.scale(self.panel_scale)
        room = self.corr_row.get_left()[0] - self.matrix.get_left()[0] - 0.3
        if not (frame.stacked() and room > 1.0):  # else the panel's second column starts there
            room = charts.PANEL_WIDTH - 0.35  # as the panel fitted the first matrix (a teacher's data: long entries)
        style.fit_width(matrix, room)
        matrix.move_to(self.matrix, aligned_edge=LEFT)
        sign_row = style.text(sign_words(sign), size=style.SMALL_SIZE, color=SIGN_COLOR[sign])
        sign_row.scale(self.panel_scale)
        beside(sign_row, self.sign_row)
        self.cov_value.set_color(SIGN_COLOR[sign])
        zero_var = t.correlation is None
        if (t.correlation is None) != (self.shown_corr is self.corr_undefined):
            # the cloud moved between a defined and an undefined correlation
            new = self.corr_undefined if zero_var else self.corr_row
            if not zero_var:
                self.corr_value.set_value(t.correlation)
            self.play(FadeOut(self.shown_corr), FadeIn(new), run_time=0.4)
        elif t.correlation is not None:
            self.corr_value.set_value(t.correlation)
        if zero_var:
            self.caption(
                T(
                    "covariance.nothing_to_act_on",
                    "With no spread in one variable, changing the correlation has nothing to act on.",
                )
            )
        else:
            self.caption(reading_caption(t, sign))
        if self.matrix in self.mobjects:
            self.remove(self.matrix)
        if self.sign_row in self.mobjects:
            self.remove(self.sign_row)
        self.matrix, self.sign_row = matrix, sign_row
        self.play(FadeIn(matrix), FadeIn(sign_row), run_time=0.6)
        self.wait(2.0)
