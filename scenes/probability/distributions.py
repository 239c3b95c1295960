"""Distributions: a pdf or pmf whose parameters slide, with its area staying 1.

Every shape and number comes from ``intuition.probability``: the start and
target states are model fields, and the in-between shapes are the model's
``distribution_state`` at the tracker's fraction of the way. The picture is
built once and its points rewritten each frame (no mobject rebuilt per frame),
and a readout is re-typeset only when the digits it shows change.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    Mobject,
    ValueTracker,
    VGroup,
)

from intuition import probability as prob
from intuition.words import T
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.probability import charts


def family_name(family: str) -> str:
    if family == "normal":
        return T("distributions.normal", "Normal")
    if family == "binomial":
        return T("distributions.binomial", "Binomial")
    return T("distributions.uniform", "Uniform")


def _fmt_params(state: prob.DistributionState) -> str:
    v = state.parameters
    if state.family == "normal":
        return T("distributions.params_normal", "μ = {mu},  σ = {sigma}", mu=v["mu"], sigma=v["sigma"])
    if state.family == "binomial":
        return T("distributions.params_binomial", "n = {n},  p = {p}", n=v["n"], p=v["p"])
    return T("distributions.params_uniform", "from {low} to {high}", low=v["low"], high=v["high"])


def _fmt_change(start: prob.DistributionState, target: prob.DistributionState) -> str:
    a, b = start.parameters, target.parameters
    if start.family == "normal":
        return T(
            "distributions.change_normal",
            "μ: {mu_from} → {mu_to},  σ: {sigma_from} → {sigma_to}",
            mu_from=a["mu"], mu_to=b["mu"], sigma_from=a["sigma"], sigma_to=b["sigma"],
        )
    if start.family == "binomial":
        return T(
            "distributions.change_binomial",
            "n: {n_from} → {n_to},  p: {p_from} → {p_to}",
            n_from=a["n"], n_to=b["n"], p_from=a["p"], p_to=b["p"],
        )
    return T(
        "distributions.change_uniform",
        "low: {low_from} → {low_to},  high: {high_from} → {high_to}",
        low_from=a["low"], low_to=b["low"], high_from=a["high"], high_to=b["high"],
    )


def intro_caption(family: str) -> str:
    if family == "binomial":
        return T("distributions.intro_bars", "A distribution says how likely each value is: the bars add up to 1.")
    return T("distributions.intro_area", "A distribution says how likely each value is: the total area is 1.")


def morph_caption(family: str) -> str:
    if family == "normal":
        return T(
            "distributions.morph_normal", "μ slides the bell; a larger σ makes it wider and lower: the area stays 1."
        )
    if family == "binomial":
        return T(
            "distributions.morph_binomial",
            "n and p reshape the bars: n·p sets where they pile up, and they still add to 1.",
        )
    return T("distributions.morph_uniform", "A wider interval means a lower height: width × height is always 1.")


def reading_caption(state: prob.DistributionState) -> str:
    if state.degenerate:
        return T(
            "distributions.reading_certain",
            "p = {p}: every trial goes the same way, so all the probability sits on {k}.",
            p=state.parameters["p"],
            k=int(round(state.mean)),
        )
    return T(
        "distributions.reading",
        "Mean {mean}: the balance point. Std dev {std}: the typical distance from it.",
        mean=state.mean,
        std=state.std,
    )


def closing_caption(morph: prob.DistributionMorph) -> str:
    return T(
        "distributions.closing",
        "Total probability {total}: it only moved, none was lost.",
        total=morph.target.total_probability,
    )


class Distributions(IntuitionScene):
    """Normal, binomial or uniform; mean and one standard deviation marked.

    Examples
    --------
    >>> class Coins(Distributions):
    ...     family = "binomial"
    """

    def construct(self) -> None:
        self.build_axes()
        self.show_start()
        self.mark_mean_and_spread()
        self.morph_to_target()
        self.read_target()

    # --- the picture of one state, updated in place ---------------------------------------

    def state_at(self, t: float) -> prob.DistributionState:
        m = self.model
        return prob.distribution_state(
            m.family, prob.morph_values(m.family, m.start.parameters, m.target.parameters, t)
        )

    def curve_points(self, st: prob.DistributionState) -> tuple[np.ndarray, np.ndarray]:
        """Where the picture is drawn: dense near the mean so a narrow bell keeps its peak."""
        if st.family == "uniform":
            return st.xs, st.ys
        lo, hi = self.axes.x_range[0], self.axes.x_range[1]
        mu, sigma = st.parameters["mu"], st.parameters["sigma"]
        near = np.clip(np.linspace(mu - 5 * sigma, mu + 5 * sigma, 121), lo, hi)
        xs = np.sort(np.concatenate([np.linspace(lo, hi, 161), near]))
        return xs, prob.normal_pdf(xs, mu, sigma)

    def bar_heights(self, st: prob.DistributionState) -> np.ndarray:
        heights = np.zeros(self.n_bars)
        heights[: len(st.ys)] = st.ys
        return heights

    def make_shape(self, st: prob.DistributionState) -> Mobject:
        if st.family == "binomial":
            k = np.arange(self.n_bars, dtype=float)
            self.edges = np.append(k - 0.5, k[-1] + 0.5)
            return charts.bars(self.axes, self.edges, self.bar_heights(st), style.POSITIVE, gap=0.12)
        xs, ys = self.curve_points(st)
        return VGroup(
            charts.area_under(self.axes, xs, ys, style.POSITIVE), charts.curve(self.axes, xs, ys, style.POSITIVE)
        )

    def update_shape(self, st: prob.DistributionState) -> None:
        if st.family == "binomial":
            charts.set_bars(self.picture, self.axes, self.edges, self.bar_heights(st))
            return
        xs, ys = self.curve_points(st)
        charts.set_area(self.picture[0], self.axes, xs, ys)
        charts.set_curve(self.picture[1], self.axes, xs, ys)

    def span_height(self, st: prob.DistributionState) -> float:
        """Where the one-standard-deviation span is drawn (the bell's inflection point)."""
        if st.family == "normal":
            return float(prob.normal_pdf(st.mean + st.std, st.parameters["mu"], st.parameters["sigma"]))
        if st.family == "uniform":
            return 0.5 * float(st.ys[1])
        return 0.6 * float(np.max(st.ys))

    def update_markers(self, st: prob.DistributionState) -> None:
        """Move the mean line, the span and their labels (positions only: a few ms a frame)."""
        ax = self.axes
        h = self.span_height(st)
        base, left, right, corner = charts.points(
            ax, [st.mean, st.mean, st.mean + st.std, ax.x_range[1]], [0.0, h, h, 0.0]
        )
        self.mean_line.shift((base[0] - self.mean_x) * RIGHT)
        self.mean_x = base[0]
        lw, lh = self.mu_label.width, self.mu_label.height
        # above the line, kept over the chart (off the panel)
        x = min(base[0], corner[0] - lw / 2)
        self.mu_label.move_to(np.array([x, self.mean_top + 0.08 + lh / 2, 0.0]))
        charts.set_span(self.span, left, right)
        visible = st.std > 1e-9
        if visible != getattr(self, "span_visible", None):
            self.span.set_stroke(opacity=1.0 if visible else 0.0)
            self.sd_label.set_opacity(1.0 if visible else 0.0)
            self.span_visible = visible
        # under the span, starting just right of the mean line so it never crosses it
        sw, sh = self.sd_label.width, self.sd_label.height
        y = left[1] - 0.16 - sh / 2
        if y - sh / 2 < base[1] + 0.1:  # a flat curve: above, off the tick numbers
            y = left[1] + 0.16 + sh / 2
        self.sd_label.move_to(np.array([left[0] + 0.08 + sw / 2, y, 0.0]))

    def show_number(self, mob, value: float, decimals: int = 2) -> None:
        """``set_value`` only when the digits shown change (each call costs ~8 ms)."""
        shown = round(float(value), decimals) + 0.0
        if getattr(mob, "shown", None) != shown:
            mob.set_value(shown)
            mob.shown = shown

    # --- storyboard -----------------------------------------------------------------------

    def build_readouts(self) -> None:
        """The numbers panel's rows: the family's name, its parameters, mean, std dev and total area."""
        m = self.model
        self.params_row = style.text(_fmt_params(m.start), size=style.LABEL_SIZE, color=style.POSITIVE)
        self.mean_value = charts.value(m.mean, 2, style.ACCENT)
        self.std_value = charts.value(m.std, 2, style.VECTOR)
        self.area_value = charts.value(m.total_probability, 2, style.POSITIVE)
        for mob, v in ((self.mean_value, m.mean), (self.std_value, m.std), (self.area_value, m.total_probability)):
            mob.shown = round(v, 2) + 0.0
        if m.family == "binomial":
            area_word = T("distributions.sum_of_bars", "sum of bars =")
        else:
            area_word = T("distributions.total_area", "total area =")
        self.mean_row = charts.labelled(T("distributions.mean_is", "mean ="), self.mean_value)
        self.std_row = charts.labelled(T("distributions.std_is", "std dev ="), self.std_value)
        self.area_row = charts.labelled(area_word, self.area_value)
        self.heading = style.text(family_name(m.family), size=style.LABEL_SIZE + 4, weight="BOLD")

    def build_axes(self) -> None:
        m = self.model
        self.show_title()
        self.build_readouts()
        # below the chart (a tall or square frame) the readouts get the height their rows need, the chart the rest
        self.share = charts.readouts_share(self, (self.heading, self.params_row, self.mean_row, self.std_row,
                                                  self.area_row))
        box = charts.chart_box(self, share=self.share)
        left, right, bottom, top = box
        self.axes = charts.chart_axes(
            m.x_range, (0, m.y_max * 1.2), width=right - left, height=top - bottom - 0.4, x_ticks=8
        )
        charts.place_axes(self.axes, box)
        self.caption(intro_caption(m.family))
        self.play(Create(self.axes), run_time=1.0)

    def show_start(self) -> None:
        m = self.model
        self.n_bars = max(int(m.start.xs[-1]), int(m.target.xs[-1])) + 1 if m.family == "binomial" else 0
        self.picture = self.make_shape(m.start)
        natural = self.heading.height
        self.panel = charts.panel(
            self.heading,
            self.params_row,
            self.mean_row,
            self.std_row,
            self.area_row,
            top=self.content_top,
            fit_rows=True,
            share=self.share,
        )
        # below the picture the panel is shrunk as a whole (maybe in two columns): rows made later match it
        self.panel_scale = self.heading.height / natural if frame.stacked() else 1.0
        self.play(FadeIn(self.picture), FadeIn(self.heading), FadeIn(self.params_row), run_time=1.0)
        self.play(FadeIn(self.area_row, shift=0.2 * DOWN), run_time=0.6)
        self.wait(0.6)

    def mark_mean_and_spread(self) -> None:
        m = self.model
        ax = self.axes
        self.mu_label = style.text(T("distributions.mean_mark", "mean"), size=style.SMALL_SIZE, color=style.ACCENT)
        # the line stops low enough for its label (a word of any height) to stay under the title
        base = ax.c2p(m.mean, 0)
        top_y = min(ax.c2p(m.mean, ax.y_range[1] * 0.97)[1], self.content_top - 0.1 - self.mu_label.height)
        self.mean_line = DashedLine(base, [base[0], top_y, 0.0], color=style.ACCENT, stroke_width=3)
        self.mean_x, self.mean_top = base[0], top_y
        self.span = charts.span_marker(style.VECTOR)
        self.sd_label = style.text(T("distributions.std_mark", "1 std dev"), size=style.SMALL_SIZE, color=style.VECTOR)
        self.update_markers(m.start)
        if m.start.degenerate:
            self.caption(reading_caption(m.start))
        else:
            self.caption(
                T("distributions.markers", "The dashed line marks the mean; the bar |—| is one standard deviation.")
            )
        self.play(Create(self.mean_line), FadeIn(self.mu_label), FadeIn(self.mean_row), run_time=1.0)
        if m.start.degenerate:
            self.play(FadeIn(self.std_row), run_time=0.6)
        else:
            self.play(Create(self.span), FadeIn(self.std_row), FadeIn(self.sd_label), run_time=0.6)
        self.wait(0.8)

    def params_in_place(self, row: Mobject, width: float) -> Mobject:
        """``row`` where the parameters row is, at the panel's scale, clear of a second column."""
        style.fit_width(row, width)
        row.scale(self.panel_scale)
        room = self.std_row.get_left()[0] - self.params_row.get_left()[0] - 0.3
        if frame.stacked() and self.std_row.get_top()[1] > self.params_row.get_bottom()[1] and room > 1.0:
            style.fit_width(row, room)  # the second column's rows stand to its right
        return row.move_to(self.params_row, aligned_edge=LEFT)

    def morph_to_target(self) -> None:
        m = self.model
        self.t = ValueTracker(0.0)
        change = style.text(_fmt_change(m.start, m.target), size=style.LABEL_SIZE, color=style.POSITIVE)
        self.params_in_place(change, charts.PANEL_WIDTH - 0.5)

        def follow(_mob: Mobject) -> None:
            st = self.state_at(self.t.get_value())
            self.update_shape(st)
            self.update_markers(st)
            self.show_number(self.mean_value, st.mean)
            self.show_number(self.std_value, st.std)
            self.show_number(self.area_value, st.total_probability)

        self.caption(morph_caption(m.family))
        self.play(FadeOut(self.params_row), FadeIn(change), run_time=0.6)
        # the span and its label appear if the start had none (p = 0 or 1)
        self.add(self.span, self.sd_label)
        driver = Mobject()
        driver.add_updater(follow)
        self.add(driver)
        self.play(self.t.animate.set_value(1.0), run_time=4.0)
        follow(driver)
        driver.clear_updaters()
        self.remove(driver)
        target_row = style.text(_fmt_params(m.target), size=style.LABEL_SIZE, color=style.POSITIVE)
        self.params_in_place(target_row, charts.PANEL_WIDTH - 0.35)
        self.params_row = target_row
        self.play(FadeOut(change), FadeIn(target_row), run_time=0.6)

    def read_target(self) -> None:
        m = self.model
        self.caption(reading_caption(m.target))
        self.play(self.area_row.animate.set_color(style.HIGHLIGHT), run_time=0.5)
        self.wait(1.5)
        self.caption(closing_caption(m))
        self.wait(1.5)
