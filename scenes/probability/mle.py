"""Maximum likelihood: a candidate curve slides over the data while the
log-likelihood below is traced out; its peak sits at the closed-form estimate.

Top panel: the data and the candidate normal pdf (or, for coin flips, the
pmf of the number of heads with the observed count picked out).
Bottom panel: log-likelihood against the candidate parameter.
Every number comes from ``intuition.statistics`` (``self.model``).
Your own data: ``--set csv=examples/data/reaction_times.csv`` (one column,
``column`` by header name or number from 1; 2..100 values, not all equal):
sigma is then the data's own spread, and the mean is estimated
(``intuition.statistics.mle_normal_fit``).
"""

from __future__ import annotations

import math
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
    ValueTracker,
    VGroup,
    Write,
)

from intuition import statistics as stats
from intuition.words import T, num
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.probability import charts


class MaximumLikelihoodScene(IntuitionScene):
    """Candidate normal means (or coin biases) slide; the log-likelihood peaks at the MLE.

    Examples
    --------
    >>> class Coin(MaximumLikelihoodScene):
    ...     family = "coin"
    ...     heads = 3
    """

    def construct(self) -> None:
        self.coin = self.model.family == "coin"
        self.build_panels()
        self.show_data()
        self.try_a_candidate()
        self.slide_candidates()
        self.mark_the_peak()

    # --- pictures -------------------------------------------------------------------------

    def ll_at(self, value: float) -> float:
        m = self.model
        if self.coin:
            v = float(stats.coin_log_likelihood(m.heads, m.flips, value))
        else:
            v = float(stats.normal_log_likelihood(m.data, value, m.sigma))
        return v

    def candidate_picture(self, value: float) -> Mobject:
        m, ax = self.model, self.top_axes
        xs, ys = m.candidate_shape(value)
        if self.coin:
            edges = np.append(xs - 0.5, xs[-1] + 0.5)
            pic = charts.bars(ax, edges, ys, style.POSITIVE, opacity=0.45, gap=0.12)
            seen = pic[m.heads]
            seen.set_fill(style.ACCENT, opacity=0.9).set_stroke(style.ACCENT)
            return pic
        pic = VGroup(
            charts.area_under(ax, xs, ys, style.POSITIVE, opacity=0.2), charts.curve(ax, xs, ys, style.POSITIVE)
        )
        # each point's likelihood: the curve's height above it
        heights = stats.normal_pdf(m.data, value, m.sigma)
        pic.add(
            VGroup(
                *(Line(ax.c2p(x, 0), ax.c2p(x, h), color=style.ACCENT, stroke_width=3) for x, h in zip(m.data, heights))
            )
        )
        return pic

    def ll_point(self, value: float) -> np.ndarray:
        m = self.model
        return self.bottom_axes.c2p(value, max(self.ll_at(value), m.y_floor))

    def traced(self, a: float, b: float) -> Mobject:
        """The log-likelihood curve over the candidates visited so far, [a, b]."""
        m = self.model
        keep = (m.grid >= a) & (m.grid <= b)
        xs = np.concatenate([[a], m.grid[keep], [b]])
        ys = np.maximum([self.ll_at(x) for x in (a,)] + list(m.curve[keep]) + [self.ll_at(b)], m.y_floor)
        return charts.curve(self.bottom_axes, xs, ys, style.ACCENT, stroke_width=4)

    @staticmethod
    def flip_rows(letters: list[str]):
        """The flips in groups of ten, as many groups a line as fit the panel (wide letters wrap sooner)."""
        groups = ["".join(letters[i : i + 10]) for i in range(0, len(letters), 10)]
        for per_line in range(len(groups), 0, -1):
            lines = [" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line)]
            seq = style.text("\n".join(lines), size=style.SMALL_SIZE, color=style.VECTOR)
            if seq.width <= frame.panel_width(charts.PANEL_WIDTH) - 0.35:
                break
        return seq

    # --- storyboard --------------------------------------------------------------------------

    def build_panels(self) -> None:
        m = self.model
        self.show_title()
        self.build_readouts()
        # below the charts (a tall or square frame) the readouts get the height they need, the charts the rest
        self.share = charts.readouts_share(self, self.readout_rows)
        left, right, bottom, top = charts.chart_box(self, share=self.share)
        top -= 0.3  # room for the panel's name above it
        if frame.stacked():  # the charts span the frame: keep room for the parameter's name at the axis' end
            right -= 0.45
        gap = 1.0  # the top panel's tick numbers, then the bottom panel's name
        h = (top - bottom - gap) / 2
        x_range = (-0.5, m.flips + 0.5) if self.coin else m.param_range
        self.top_axes = charts.chart_axes(
            x_range,
            (0, m.top_ymax * 1.15),
            width=right - left,
            height=h - 0.1,
            x_ticks=min(10, m.flips + 1) if self.coin else 6,
            y_numbers=False,
        )
        charts.place_axes(self.top_axes, (left, right, top - h, top))
        depth = m.log_likelihood - m.y_floor
        y0, y1 = m.y_floor, m.log_likelihood + 0.18 * depth
        y_ticks = 3 if h > 1.2 else 2  # a low chart: fewer tick numbers, apart
        step = charts.tick_step(y0, y1, y_ticks)
        # ticks on round numbers: the range starts on a multiple of the step
        y0 = math.floor(y0 / step) * step
        self.bottom_axes = charts.chart_axes(
            m.param_range, (y0, y1), width=right - left, height=h - 0.1, y_ticks=y_ticks
        )
        charts.place_axes(self.bottom_axes, (left, right, bottom, bottom + h))
        sym = "p" if self.coin else "μ"
        if self.coin:
            top_words = T("mle.coin_top_name", "chance of each number of heads")
        else:
            top_words = T("mle.normal_top_name", "data, and a candidate curve")
        self.top_name = style.text(top_words, size=style.SMALL_SIZE, color=style.MUTED)
        self.top_name.next_to(self.top_axes, UP, buff=0.05).align_to(self.top_axes, LEFT)
        self.bottom_name = style.text(
            T("mle.bottom_name", "log-likelihood, for each {symbol}", symbol=sym),
            size=style.SMALL_SIZE,
            color=style.MUTED,
        )
        self.bottom_name.next_to(self.bottom_axes, UP, buff=0.05).align_to(self.bottom_axes, LEFT)
        self.param_name = style.text(sym, size=style.LABEL_SIZE, color=style.POSITIVE)
        self.param_name.next_to(self.bottom_axes.x_axis.get_right(), RIGHT, buff=0.12)
        if self.coin:
            self.heads_name = style.text(T("mle.heads_axis", "heads"), size=style.SMALL_SIZE, color=style.MUTED)
            # under the tick numbers at the right end: the panel is to the right of the axis
            self.heads_name.next_to(self.top_axes, DOWN, buff=0.02).align_to(self.top_axes, RIGHT)
        self.play(Create(self.top_axes), FadeIn(self.top_name), run_time=0.8)

    def build_readouts(self) -> None:
        """The numbers panel's rows, and the words of the caption that shows the data."""
        m = self.model
        if self.coin:
            # one letter per flip, as the language writes heads and tails (H/T, K/Z, P/F...)
            head, tail = T("mle.head_letter", "H"), T("mle.tail_letter", "T")
            flips = [head if d else tail for d in m.data]
            heading = style.text(
                T("mle.coin_heading", "{heads} heads in {flips} flips", heads=m.heads, flips=m.flips),
                size=style.LABEL_SIZE,
                weight="BOLD",
            )
            seq = self.flip_rows(flips)
            self.data_caption = T(
                "mle.coin_data",
                "{flips} coin flips, {heads} heads. Which chance of heads p makes this most likely?",
                flips=m.flips,
                heads=m.heads,
            )
            rows = [heading, seq]
        else:
            if m.sigma_fitted:
                heading_words = T(
                    "mle.file_heading", "{count} points,\nσ = {sigma} from the data", count=len(m.data), sigma=m.sigma
                )
                self.data_caption = T(
                    "mle.file_data",
                    "{count} values from {file}; σ = {sigma} is their spread. Which mean μ makes them most likely?",
                    count=len(m.data),
                    file=Path(m.source).name,
                    sigma=m.sigma,
                )
            elif len(m.data) == 1:
                heading_words = T("mle.normal_heading_one", "1 point, σ = {sigma} known", sigma=m.sigma)
                self.data_caption = T("mle.normal_data_one", "1 data point. Which mean μ makes it most likely?")
            else:
                heading_words = T(
                    "mle.normal_heading", "{count} points, σ = {sigma} known", count=len(m.data), sigma=m.sigma
                )
                self.data_caption = T(
                    "mle.normal_data", "{count} data points. Which mean μ makes them most likely?", count=len(m.data)
                )
            heading = style.text(heading_words, size=style.LABEL_SIZE, weight="BOLD")
            rows = [heading]
        self.data_rows = rows
        sym = "p" if self.coin else "μ"
        self.value_num = charts.value(m.candidates[0], 3, style.POSITIVE)
        self.ll_num = charts.value(m.candidate_log_likelihoods[0], 2, style.ACCENT)
        self.value_row = charts.row(style.text(f"{sym} =", size=style.LABEL_SIZE, color=style.POSITIVE), self.value_num)
        self.ll_row = charts.row(style.text("log L =", size=style.LABEL_SIZE, color=style.ACCENT), self.ll_num)
        if self.coin:
            self.formula = style.math(
                "log L = h log p + t log(1 - p)",
                r"\log L = h \log p + t \log(1 - p)",
                size=style.LABEL_SIZE * 1.2,
                color=style.ACCENT,
            )
            closed = T(
                "mle.coin_closed_form",
                "heads / flips = {heads}/{flips} = {value}",
                heads=m.heads,
                flips=m.flips,
                value=num(m.closed_form, 3),
            )
        else:
            self.formula = style.math(
                "log L = sum_i log N(x_i | mu, sigma)",
                r"\log L = \sum_i \log \mathcal{N}(x_i \mid \mu, \sigma)",
                size=style.LABEL_SIZE * 1.2,
                color=style.ACCENT,
            )
            closed = T("mle.normal_closed_form", "sample mean = {value}", value=num(m.closed_form, 3))
        style.fit_width(self.formula, frame.panel_width(charts.PANEL_WIDTH) - 0.4)
        self.answer_row = style.text(
            T("mle.peak_row", "peak at {symbol} = {value}", symbol=sym, value=num(m.estimate, 3)),
            size=style.LABEL_SIZE,
            color=style.HIGHLIGHT,
        )
        self.closed_row = style.text(closed, size=style.LABEL_SIZE, color=style.HIGHLIGHT)
        self.readout_rows = [*rows, self.formula, self.value_row, self.ll_row, self.answer_row, self.closed_row]
        for r in self.readout_rows:  # a long row shrinks alone, not the whole panel (before their height is asked)
            style.fit_width(r, charts.PANEL_WIDTH - 0.35)

    def show_data(self) -> None:
        m = self.model
        rows = self.data_rows
        if not self.coin:
            ax = self.top_axes
            self.dots = VGroup(*(Dot(ax.c2p(x, 0), radius=0.07, color=style.VECTOR) for x in m.data))
        self.caption(self.data_caption)
        self.panel = charts.panel(
            *self.readout_rows,
            top=self.content_top,
            share=self.share,
        )
        if self.coin:
            self.play(FadeIn(rows[0]), Write(rows[1]), run_time=1.2)
        else:
            self.play(FadeIn(rows[0]), FadeIn(self.dots, shift=0.3 * DOWN, lag_ratio=0.15), run_time=1.2)
        self.wait(0.5)

    def try_a_candidate(self) -> None:
        m = self.model
        c0 = m.candidates[0]
        self.picture = self.candidate_picture(c0)
        if self.coin:
            self.caption(
                T(
                    "mle.coin_candidate",
                    "If p were {p}, the bars give each count's chance; the orange one is what we saw.",
                    p=c0,
                )
            )
            extra = [FadeIn(self.heads_name)]
        else:
            self.caption(
                T(
                    "mle.normal_candidate",
                    "Each point's likelihood is the curve's height above it; together they multiply.",
                )
            )
            extra = []
        self.bring_to_front(*getattr(self, "dots", []))
        self.play(FadeIn(self.picture), FadeIn(self.value_row), *extra, run_time=1.0)
        if not self.coin:
            self.add_foreground_mobjects(self.dots)
        self.wait(1.0)

    def slide_candidates(self) -> None:
        m = self.model
        c0 = m.candidates[0]
        self.t = ValueTracker(c0)
        self.dot = Dot(self.ll_point(c0), radius=0.08, color=style.ACCENT)
        self.seen = [c0, c0]
        self.trace = self.traced(c0, c0)

        def follow(_mob: Mobject) -> None:
            v = self.t.get_value()
            self.seen = [min(self.seen[0], v), max(self.seen[1], v)]
            self.picture.become(self.candidate_picture(v))
            self.dot.move_to(self.ll_point(v))
            self.trace.become(self.traced(*self.seen))
            self.value_num.set_value(v)
            self.ll_num.set_value(self.ll_at(v))

        if self.coin:
            self.caption(
                T(
                    "mle.coin_log_likelihood",
                    "Below: the log of this exact sequence's chance, h log p + t log(1 - p), for each p.",
                )
            )
        else:
            self.caption(
                T(
                    "mle.normal_log_likelihood",
                    "The log-likelihood adds up the logs of those heights; it is plotted below.",
                )
            )
        self.play(
            Create(self.bottom_axes),
            FadeIn(self.bottom_name),
            FadeIn(self.param_name),
            FadeIn(self.dot),
            FadeIn(self.formula),
            FadeIn(self.ll_row),
            run_time=1.2,
        )
        driver = Mobject()
        driver.add_updater(follow)
        self.add(self.trace, driver)
        if 0.0 < m.estimate < 1.0 or not self.coin:
            self.caption(
                T("mle.slide", "Slide the candidate: the log-likelihood climbs, passes its peak, and falls again.")
            )
        else:
            self.caption(
                T("mle.slide_to_edge", "Slide the candidate: the log-likelihood climbs all the way to the edge.")
            )
        self.play(self.t.animate.set_value(m.candidates[1]), run_time=3.5)
        self.caption(T("mle.back_to_top", "Back to the top: the best candidate is where the log-likelihood peaks."))
        self.play(self.t.animate.set_value(m.candidates[2]), run_time=1.5)
        # settle exactly on the model's numbers
        self.t.set_value(m.estimate)
        follow(driver)
        driver.clear_updaters()
        self.remove(driver)
        self.value_num.set_value(m.estimate)
        self.ll_num.set_value(m.log_likelihood)

    def mark_the_peak(self) -> None:
        m = self.model
        bx, tx = self.bottom_axes, self.top_axes
        peak = bx.c2p(m.estimate, m.log_likelihood)
        drop = DashedLine(peak, bx.c2p(m.estimate, bx.y_range[0]), color=style.HIGHLIGHT, stroke_width=3)
        marks = [drop, self.dot.animate.set_color(style.HIGHLIGHT)]
        if not self.coin:
            # the same mu on the top axis: the curve centred on the data
            marks.append(
                Create(
                    DashedLine(
                        tx.c2p(m.estimate, 0),
                        tx.c2p(m.estimate, tx.y_range[1] * 0.95),
                        color=style.HIGHLIGHT,
                        stroke_width=3,
                    )
                )
            )
        marks[0] = Create(drop)
        sym = "p" if self.coin else "μ"
        self.caption(T("mle.peak", "The peak is at {symbol} = {value}.", symbol=sym, value=num(m.estimate, 3)))
        self.play(*marks, FadeIn(self.answer_row, shift=0.2 * DOWN), run_time=1.0)
        if self.coin:
            words = T(
                "mle.coin_agrees",
                "It is exactly heads / flips = {heads}/{flips}: the closed form agrees.",
                heads=m.heads,
                flips=m.flips,
            )
        else:
            words = T(
                "mle.normal_agrees",
                "It is exactly the sample mean, {value}: the closed form agrees.",
                value=num(m.closed_form, 3),
            )
        self.caption(words)
        self.play(FadeIn(self.closed_row, shift=0.2 * DOWN), run_time=0.8)
        self.wait(1.2)
        self.caption(T("mle.closing", "MLE picks the parameters that make the data you saw most likely."))
        self.wait(1.8)
