"""Sampling: a histogram of draws converges to the pdf; then the central limit theorem.

Every bar height is a field of ``intuition.probability.sampling``: the model
holds the histogram after each keyframe of its growth schedule (one by one,
then doubling), and the scene only interpolates between those. A handful of
samples drop as dots; after that the bars grow in batches, so the render cost
does not depend on how many samples there are.

Your own values: ``--set csv=examples/data/bus_waits.csv`` (one column,
``column`` by header name or number from 1; 2..5000 values, not all equal).
Samples are then drawn from those values with replacement, so the histogram
tends to the values' own histogram (drawn where the pdf would be), and means
of ``sample_size`` draws still pile up into a bell of width σ/√n, σ the
values' standard deviation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import (
    DOWN,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Mobject,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
    rate_functions,
)

from intuition import probability as prob
from intuition.words import T
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.probability import charts

SETTLED = 24  # bars are scaled to fit the histogram from this many samples on (fewer are noisy)
MAX_RUG = 60  # at most this many draws of the first CLT sample are drawn as ticks


def source_caption(model: prob.Sampling) -> str:
    source = model.source
    if source == "data":
        return T(
            "sampling.draw_file",
            "Draw numbers at random, with replacement, from the {count} values in {file}.",
            count=model.population_size,
            file=Path(model.file).name,
        )
    if source == "normal":
        return T("sampling.draw_normal", "Draw numbers at random from a normal distribution.")
    if source == "uniform":
        return T("sampling.draw_uniform", "Draw numbers at random from a uniform distribution.")
    return T("sampling.draw_exponential", "Draw numbers at random from an exponential distribution (skewed).")


def clt_caption(model: prob.Sampling) -> str:
    n = model.sample_size
    if n == 1:
        return T("sampling.clt_one", "A 'mean' of 1 draw is just a draw: the means keep the source's shape.")
    if n < 5 and model.source != "normal":
        return T(
            "sampling.clt_few",
            "Means of {n} draws: already rounder than the source. More draws, closer to a bell.",
            n=n,
        )
    if model.source == "normal":
        return T("sampling.clt_normal", "Means of {n} draws pile up into a narrower bell around the same centre.", n=n)
    return T("sampling.clt_bell", "Means of {n} draws pile up into a bell curve, though the source is not one.", n=n)


def interpolate_heights(frames, u: float) -> np.ndarray:
    """Bar heights a fraction of the way between keyframe histograms ``floor(u)`` and ``ceil(u)``."""
    i = int(np.clip(np.floor(u), 0, len(frames) - 1))
    j = min(i + 1, len(frames) - 1)
    f = float(np.clip(u - i, 0.0, 1.0))
    return (1 - f) * frames[i].density + f * frames[j].density


class Sampling(IntuitionScene):
    """Samples drop into a histogram; then means of ``sample_size`` draws pile up into a bell.

    Examples
    --------
    >>> class Dice(Sampling):
    ...     source = "uniform"
    ...     sample_size = 2
    """

    def construct(self) -> None:
        self.build_charts()
        self.drop_first_samples()
        self.pour_in_samples()
        self.compare_with_pdf()
        self.average_one_sample()
        self.pile_up_means()
        self.read_clt()

    # --- helpers -------------------------------------------------------------------------

    def y_top(self, frames, schedule, peak: float) -> float:
        """Room for the pdf and the later histograms; the first few noisy ones may be clipped."""
        enough = min(max(SETTLED, schedule[-1] // 4), schedule[-1])
        settled = [f.density.max() for f, n in zip(frames, schedule) if n >= enough]
        return 1.15 * max([peak, *settled])

    def count_row(self, label: str, value: int, color) -> tuple[VGroup, Mobject]:
        number = charts.value(value, 0, color)
        return charts.labelled(label, number), number

    def grow(self, bars: VGroup, axes, edges, frames, schedule, counter, start: int, run_time: float) -> None:
        """Bars grow through keyframes ``start..end``; the counter ticks once per keyframe."""
        u = ValueTracker(float(start))
        last = len(frames) - 1

        def follow(_mob: Mobject) -> None:
            v = u.get_value()
            charts.set_bars(bars, axes, edges, interpolate_heights(frames, v))
            k = schedule[int(np.clip(np.floor(v + 1e-9), 0, last))]
            if getattr(counter, "shown", None) != k:
                counter.set_value(k)
                counter.shown = k

        driver = Mobject()
        driver.add_updater(follow)
        self.add(driver)
        self.play(u.animate(rate_func=linear).set_value(float(last)), run_time=run_time)
        follow(driver)
        driver.clear_updaters()
        self.remove(driver)

    def source_axes(self, box):
        m = self.model
        peak = float(np.max(m.density_curve(601)[1]))
        axes = charts.chart_axes(
            m.x_range,
            (0, self.y_top(m.frames, m.schedule, peak)),
            width=box[1] - box[0],
            height=box[3] - box[2] - 0.2,
            y_ticks=3 if box[3] - box[2] < 4 else 5,
        )
        return charts.place_axes(axes, box)

    # --- storyboard -------------------------------------------------------------------------

    def readouts(self, *rows, top: float, side: int):
        """A chart's readout rows: beside its chart in a wide frame; below both charts in a tall or square
        one, the samples' on the left half of the panel and the means' on the right (``side`` 0 or 1)."""
        if not frame.stacked():
            return charts.panel(*rows, top=top, buff=0.22, fit_rows=True)
        left, right, bottom, top = frame.split(self.content_top - 0.1, self.content_bottom, charts.PANEL_WIDTH,
                                               share=self.share)[1]
        mid = (left + right) / 2
        box = (left, mid - 0.15, bottom, top) if side == 0 else (mid + 0.15, right, bottom, top)
        for r in rows:
            style.fit_width(r, box[1] - box[0])
        return frame.fill_panel(list(rows), box, buff=0.22)

    def build_charts(self) -> None:
        m = self.model
        self.show_title()
        self.count_row_top, self.count = self.count_row(T("sampling.samples_count", "samples:"), 0, style.POSITIVE)
        self.count.shown = 0
        self.mean_value = charts.value(m.sample_mean, 2, style.POSITIVE)
        self.mean_row = charts.labelled(T("sampling.their_mean", "their mean ="), self.mean_value)
        moments = {"mean": m.source_mean, "std": m.source_std}
        if m.source == "data":
            true_words = T("sampling.all_values", "all values: mean {mean}, std dev {std}", **moments)
        else:
            true_words = T("sampling.true_values", "true mean {mean}, std dev {std}", **moments)
        self.true_row = style.text(true_words, size=style.SMALL_SIZE, color=style.VECTOR)
        heading = charts.panel_words(T("sampling.samples_heading", "Samples"), size=style.LABEL_SIZE + 2, weight="BOLD")
        # below the charts (a tall or square frame) the readouts get the height their rows need, the charts the rest
        self.share = charts.readouts_share(self, (heading, self.count_row_top, self.mean_row, self.true_row), buff=0.22)
        left, right, bottom, top = charts.chart_box(self, share=self.share)
        mid = (top + bottom) / 2
        self.top_box = (left, right, mid + 0.35, top)
        self.bottom_box = (left, right, bottom, mid - 0.25)
        self.edges = m.histogram.edges
        # the samples have the whole chart area first; it shrinks to the top half for the CLT
        self.full_box = (left, right, bottom, top)
        self.axes = self.source_axes(self.full_box)
        self.bars = charts.bars(self.axes, self.edges, np.zeros(len(self.edges) - 1), style.POSITIVE)
        self.top_panel = self.readouts(
            heading, self.count_row_top, self.mean_row, self.true_row, top=self.top_box[3] + 0.1, side=0
        )
        self.caption(source_caption(m))
        self.play(Create(self.axes), FadeIn(heading), FadeIn(self.count_row_top), run_time=1.0)

    def drop_first_samples(self) -> None:
        m = self.model
        ax = self.axes
        first = [n for n in m.schedule if n <= 6]
        self.caption(T("sampling.drop", "Each sample drops into the bin it falls in."))
        self.add(self.bars)
        bin_w = ax.c2p(self.edges[1], 0)[0] - ax.c2p(self.edges[0], 0)[0]
        radius = min(0.07, 0.3 * bin_w)
        self.dots = VGroup()
        stacks: dict[int, int] = {}
        for n in first:
            x = float(m.samples[n - 1])
            b = int(np.clip(np.searchsorted(self.edges, x, side="right") - 1, 0, len(self.edges) - 2))
            stacks[b] = stacks.get(b, 0) + 1
            centre_x = ax.c2p((self.edges[b] + self.edges[b + 1]) / 2, 0)[0]
            land = np.array([centre_x, ax.c2p(0, 0)[1] + radius * (2 * stacks[b] - 1) + 0.02, 0.0])
            # the dot falls from above the chart at the sample's own value, into its bin
            start = np.array([ax.c2p(np.clip(x, *m.x_range), 0)[0], self.top_box[3] - 0.1, 0.0])
            dot = Dot(start, radius=radius, color=style.POSITIVE)
            self.count.set_value(n)
            self.count.shown = n
            self.play(FadeIn(dot, run_time=0.15))
            self.play(dot.animate(rate_func=rate_functions.rush_into).move_to(land), run_time=0.35)
            self.dots.add(dot)
        self.first_count = len(first)

    def pour_in_samples(self) -> None:
        m = self.model
        start = self.first_count - 1
        self.caption(T("sampling.pour", "Then hundreds more. Bars are scaled so their total area is 1."))
        charts.set_bars(self.bars, self.axes, self.edges, m.frames[start].density)
        self.play(FadeOut(self.dots), FadeIn(self.bars), run_time=0.5)
        self.grow(self.bars, self.axes, self.edges, m.frames, m.schedule, self.count, start, run_time=3.0)

    def compare_with_pdf(self) -> None:
        m = self.model
        self.pdf = charts.curve(self.axes, *m.density_curve(301), style.VECTOR, stroke_width=4)
        if m.source == "data":
            self.caption(
                T(
                    "sampling.compare_file",
                    "With more samples, the histogram looks more and more like that of all {count} values.",
                    count=m.population_size,
                )
            )
        else:
            self.caption(
                T("sampling.compare", "With more samples, the histogram looks more and more like the true shape.")
            )
        self.play(Create(self.pdf), FadeIn(self.mean_row), FadeIn(self.true_row), run_time=1.2)
        self.wait(0.6)

    def average_one_sample(self) -> None:
        m = self.model
        left, right, bottom, top = self.bottom_box
        peak = 1.0 / (m.clt_std * np.sqrt(2 * np.pi))
        self.m_axes = charts.chart_axes(
            m.means_range,
            (0, self.y_top(m.means_frames, m.means_schedule, peak)),
            width=right - left,
            height=top - bottom - 0.2,
            y_ticks=3,
        )
        charts.place_axes(self.m_axes, self.bottom_box)
        self.m_edges = m.means_histogram.edges
        self.m_bars = charts.bars(self.m_axes, self.m_edges, np.zeros(len(self.m_edges) - 1), style.HIGHLIGHT)
        self.m_count_row, self.m_count = self.count_row(T("sampling.means_count", "means:"), 0, style.HIGHLIGHT)
        self.m_count.shown = 0
        if m.sample_size == 1:
            heading_words = T("sampling.means_heading_one", "Means of 1 draw")
        else:
            heading_words = T("sampling.means_heading", "Means of {n} draws", n=m.sample_size)
        heading = charts.panel_words(heading_words, size=style.LABEL_SIZE + 2, weight="BOLD")
        self.spread_value = charts.value(m.means_std, 2, style.HIGHLIGHT)
        spread_word = style.text(T("sampling.their_std", "their std dev ="), size=style.LABEL_SIZE)
        self.spread_row = charts.row(spread_word, self.spread_value)
        self.clt_row = style.text(
            T("sampling.clt_row", "CLT: σ/√n = {std}/√{n} = {clt}", std=m.source_std, n=m.sample_size, clt=m.clt_std),
            size=style.SMALL_SIZE,
            color=style.VECTOR,
        )
        self.bottom_panel = self.readouts(
            heading, self.m_count_row, self.spread_row, self.clt_row, top=self.bottom_box[3] + 0.1, side=1
        )

        # the samples' chart moves up to make room
        small = self.source_axes(self.top_box)
        small_bars = charts.bars(small, self.edges, m.histogram.density, style.POSITIVE, opacity=0.25)
        small_pdf = charts.curve(small, *m.density_curve(301), style.VECTOR, stroke_width=3)
        small_pdf.set_stroke(opacity=0.5)
        self.play(
            ReplacementTransform(self.axes, small),
            ReplacementTransform(self.bars, small_bars),
            ReplacementTransform(self.pdf, small_pdf),
            run_time=1.0,
        )
        self.axes, self.bars, self.pdf = small, small_bars, small_pdf

        # the draws behind the first mean, as ticks on the source axis, then their mean
        ax = self.axes
        draws = np.clip(m.first_sample[:MAX_RUG], *m.x_range)
        base = ax.c2p(0, 0)[1]
        rug = VMobject(stroke_color=style.HIGHLIGHT, stroke_width=3)
        for i, x in enumerate(draws):
            px = ax.c2p(float(x), 0)[0]
            a, b = np.array([px, base - 0.02, 0.0]), np.array([px, base + 0.25, 0.0])
            if i == 0:
                rug.set_points_as_corners([a, b])
            else:
                rug.start_new_path(a)
                rug.add_line_to(b)
        first_mean = float(m.sample_means[0])
        mean_x = ax.c2p(first_mean, 0)[0]
        marker = DashedLine(
            np.array([mean_x, base, 0.0]), np.array([mean_x, base + 0.6, 0.0]), color=style.HIGHLIGHT, stroke_width=4
        )
        if m.sample_size == 1:
            self.caption(T("sampling.average_one", "Now take 1 draw and 'average' it: one mean."))
        elif m.sample_size <= MAX_RUG:
            self.caption(T("sampling.average", "Now take {n} draws and average them: one mean.", n=m.sample_size))
        else:
            self.caption(
                T(
                    "sampling.average_some_shown",
                    "Now take {n} draws ({shown} shown) and average them: one mean.",
                    n=m.sample_size,
                    shown=MAX_RUG,
                )
            )
        self.play(Create(self.m_axes), FadeIn(heading), FadeIn(self.m_count_row), run_time=1.0)
        self.play(Create(rug), run_time=1.0)
        self.play(FadeIn(marker, shift=0.2 * DOWN), run_time=0.5)
        # the mean drops into its own histogram below
        dot = Dot(np.array([mean_x, base, 0.0]), radius=0.08, color=style.HIGHLIGHT)
        m_bin = interpolate_heights(m.means_frames, 0.0)
        charts.set_bars(self.m_bars, self.m_axes, self.m_edges, m_bin)
        target = self.m_axes.c2p(float(np.clip(first_mean, *m.means_range)), 0)
        self.add(dot)
        self.play(dot.animate(rate_func=rate_functions.ease_in_quad).move_to(target + 0.08 * UP), run_time=0.8)
        self.m_count.set_value(1)
        self.m_count.shown = 1
        self.play(FadeOut(dot), FadeIn(self.m_bars), FadeOut(rug), FadeOut(marker), run_time=0.4)

    def pile_up_means(self) -> None:
        m = self.model
        if m.sample_size == 1:
            words = T(
                "sampling.repeat_one", "Repeat: {means} means, each from 1 fresh draw.", means=m.means_schedule[-1]
            )
        else:
            words = T(
                "sampling.repeat",
                "Repeat: {means} means, each from {n} fresh draws.",
                means=m.means_schedule[-1],
                n=m.sample_size,
            )
        self.caption(words)
        self.grow(
            self.m_bars, self.m_axes, self.m_edges, m.means_frames, m.means_schedule, self.m_count, 0, run_time=4.0
        )

    def read_clt(self) -> None:
        m = self.model
        xs = np.linspace(*m.means_range, 241)
        bell = charts.curve(self.m_axes, xs, prob.normal_pdf(xs, m.source_mean, m.clt_std), style.VECTOR)
        self.caption(clt_caption(m))
        self.play(Create(bell), FadeIn(self.spread_row), FadeIn(self.clt_row), run_time=1.2)
        self.wait(1.2)
        self.caption(T("sampling.clt", "Central limit theorem: averages tend to a normal curve, σ/√n wide."))
        self.wait(1.5)
