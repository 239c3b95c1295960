"""Bayesian optimisation: a Gaussian-process guess, expected improvement, and the next try at its peak.

Storyboard: the hidden objective (dashed) and a few seeded random tries; the
Gaussian process's guess, its mean and a band of two standard deviations
either side; expected improvement in a panel below; then, round after round,
the next try at EI's peak, its value, and the guess refitted; last, random
search with the same number of tries, and the plain-English reading.
Every number comes from ``intuition.gaussian_process`` (``self.model``).
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedLine,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    Mobject,
    Rectangle,
    Square,
    Transform,
    VGroup,
    VMobject,
    Write,
    config,
)

from intuition.words import T, num
from scenes import frame, style
from scenes.base import IntuitionScene, quick_fade
from scenes.calculus.graphing import tick_text, tick_values
from scenes.machine_learning.numbers import fixed, localise, power_of_ten
from scenes.probability import charts

EI_NUMBER_ROOM = 0.35  # of the room charts.chart_box keeps under a chart for its x numbers (0.45)


def bare_axes(x_range, y_range, width: float, height: float) -> charts.EdgeAxes:
    """Two axis lines meeting at the lower left, no ticks or numbers (:meth:`BayesianOptimisation.ticks` adds them)."""
    return charts.EdgeAxes(
        x_range=(x_range[0], x_range[1], (x_range[1] - x_range[0]) / 4),
        y_range=(y_range[0], y_range[1], (y_range[1] - y_range[0]) / 4),
        x_length=width, y_length=height, tips=False,
        axis_config={"stroke_color": style.MUTED, "stroke_width": 2, "include_ticks": False,
                     "include_numbers": False},
    )


def scientific(v: float) -> str:
    """3 significant figures, 1.23 × 10⁻⁷ (plain 0 for zero); for captions, which are plain text."""
    if v == 0 or not math.isfinite(v):
        return num(v)
    mant, exp = f"{v:.2e}".split("e")
    e = int(exp)
    if -2 <= e <= 4:
        return fixed(v, max(0, 2 - e))
    return power_of_ten(num(float(mant), 2), e)


def decimals_for(span: float) -> int:
    """Digits after the point that show a value to about 3 significant figures of ``span``."""
    if not span > 0 or not math.isfinite(span):
        return 3
    return int(min(4, max(0, 3 - math.floor(math.log10(span)))))


class BayesianOptimisation(IntuitionScene):
    """A few rounds of Bayesian optimisation on a 1-D formula, then random search with the same budget.

    Parameters (class attributes, or keyword arguments)
    ----------
    objective : a formula in x; x_range : [lo, hi]; goal : maximise | minimise
    rounds, initial_points, seed : the budget and its random start
    length_scale, noise : the RBF kernel's length and the noise it allows
    xi : expected improvement's margin

    Examples
    --------
    >>> class Bumpy(BayesianOptimisation):
    ...     objective = "sin(3*x) + 0.5*x"
    ...     x_range = [-3, 3]
    ...     length_scale = 0.8
    """

    def construct(self) -> None:
        m = self.model
        self.maximise = m.goal == "maximise"
        self.y_dec = decimals_for(m.y_view[1] - m.y_view[0])
        self.x_dec = decimals_for(m.x_range[1] - m.x_range[0])
        self.show_title()
        self.build_panels()
        self.show_first_tries()
        self.show_guess()
        self.show_expected_improvement()
        for r in range(m.rounds):
            self.play_round(r)
        self.compare_with_random_search()
        self.read_it()

    # --- words ---------------------------------------------------------------------------------

    def y(self, v: float) -> str:
        span = self.model.y_view[1] - self.model.y_view[0]
        if not 1e-3 <= span <= 1e5:  # tiny or huge values: 3 significant figures, 1.23 × 10⁻⁷
            return scientific(v)
        text = style.digits(v, self.y_dec)
        if text in ("0", "-0") and abs(v) >= 1e-3 * span:  # small, not zero: two significant figures
            text = np.format_float_positional(v, precision=2, unique=False, fractional=False, trim="-")
        return localise(text)

    def x(self, v: float) -> str:
        span = self.model.x_range[1] - self.model.x_range[0]
        return scientific(v) if span < 1e-2 else localise(style.digits(v, self.x_dec))

    # --- pictures ------------------------------------------------------------------------------

    def band(self, fit) -> VMobject:
        ax, grid = self.top, self.model.grid
        upper = charts.points(ax, grid, fit.mean + 2 * fit.sd)
        lower = charts.points(ax, grid, fit.mean - 2 * fit.sd)
        area = VMobject(stroke_width=0, fill_color=style.POSITIVE, fill_opacity=0.22)
        area.set_points_as_corners(np.vstack([upper, lower[::-1], upper[:1]]))
        return area

    def mean_curve(self, fit) -> VMobject:
        return charts.curve(self.top, self.model.grid, fit.mean, style.POSITIVE, stroke_width=4)

    def scaled_ei(self, fit) -> np.ndarray:
        peak = float(fit.ei.max())
        return fit.ei / peak if peak > 0 else np.zeros_like(fit.ei)

    def ei_curve(self, fit) -> VMobject:
        return charts.curve(self.bottom, self.model.grid, self.scaled_ei(fit), style.ACCENT, stroke_width=3.5)

    def ei_area(self, fit) -> VMobject:
        return charts.area_under(self.bottom, self.model.grid, self.scaled_ei(fit), style.ACCENT, opacity=0.3)

    def best_line(self, fit) -> Line:
        ax = self.top
        return DashedLine(ax.c2p(self.model.x_range[0], fit.best_y), ax.c2p(self.model.x_range[1], fit.best_y),
                          color=style.HIGHLIGHT, stroke_width=2, dash_length=0.1)

    def tried_dot(self, x: float, y: float, color=None) -> Dot:
        colour = style.VECTOR if color is None else color
        return Dot(charts.points(self.top, [x], [y])[0], radius=0.075, color=colour)

    def best_ring(self, fit) -> Circle:
        ring = Circle(radius=0.16, color=style.HIGHLIGHT, stroke_width=3)
        return ring.move_to(charts.points(self.top, [fit.best_x], [fit.best_y])[0])

    def next_marker(self, fit) -> VGroup:
        """The next try: a dashed line up through both panels from EI's peak, and a dot on the peak."""
        top, bottom = self.top, self.bottom
        x = fit.next_x
        peak = float(self.scaled_ei(fit)[int(np.argmin(np.abs(self.model.grid - x)))])
        up = DashedLine(top.c2p(x, top.y_range[0]), top.c2p(x, top.y_range[1]), color=style.ACCENT, stroke_width=2.5,
                        dash_length=0.1)
        low = DashedLine(bottom.c2p(x, 0), bottom.c2p(x, peak), color=style.ACCENT, stroke_width=2.5, dash_length=0.08)
        dot = Dot(bottom.c2p(x, peak), radius=0.07, color=style.ACCENT)
        return VGroup(up, low, dot)

    # --- readout panel ---------------------------------------------------------------------------

    def legend_row(self, sample: Mobject, words: str) -> VGroup:
        return charts.row(sample, style.text(words, size=style.SMALL_SIZE, color=style.TEXT), buff=0.2)

    def legend(self) -> VGroup:
        truth = DashedVMobject(Line(LEFT * 0.25, RIGHT * 0.25, color=style.MUTED, stroke_width=3), num_dashes=3)
        mean = Line(LEFT * 0.25, RIGHT * 0.25, color=style.POSITIVE, stroke_width=4)
        band = Rectangle(width=0.5, height=0.22, stroke_width=0, fill_color=style.POSITIVE, fill_opacity=0.35)
        dot = Dot(radius=0.075, color=style.VECTOR)
        return VGroup(
            self.legend_row(truth, T("bayesian-optimisation.legend_truth", "hidden objective f")),
            self.legend_row(VGroup(band, mean.copy().move_to(band)),
                            T("bayesian-optimisation.legend_guess", "guess: mean ± 2 sd")),
            self.legend_row(dot.copy(), T("bayesian-optimisation.legend_tried", "tried so far")),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.14)

    def ei_formula(self) -> VGroup:
        """EI's formula in symbols, and what two of them stand for in words."""
        if self.maximise:
            formula = style.math("\"EI\" = (mu - f^* - xi) Phi(z) + sigma phi(z)",
                                 r"EI = (\mu - f^* - \xi)\,\Phi(z) + \sigma\,\varphi(z)", size=style.LABEL_SIZE)
        else:
            formula = style.math("\"EI\" = (f^* - mu - xi) Phi(z) + sigma phi(z)",
                                 r"EI = (f^* - \mu - \xi)\,\Phi(z) + \sigma\,\varphi(z)", size=style.LABEL_SIZE)
        symbols = style.text(T("bayesian-optimisation.symbols", "f* = best so far, ξ = {xi} × spread seen",
                               xi=num(self.model.xi, 4)), size=style.SMALL_SIZE, color=style.MUTED)
        return VGroup(formula, symbols).arrange(DOWN, aligned_edge=LEFT, buff=0.1)

    def status_labels(self) -> VGroup:
        """The words that stay put in the status rows; only the numbers beside them change."""
        self.best_label = style.text(T("bayesian-optimisation.best_label", "best so far"), size=style.SMALL_SIZE,
                                     color=style.HIGHLIGHT)
        self.next_label = style.text(T("bayesian-optimisation.next_label", "EI peaks at"), size=style.SMALL_SIZE,
                                     color=style.ACCENT)
        return VGroup(self.best_label, self.next_label)

    def status_values(self, fit, *, placed: bool = True) -> VGroup:
        """What the optimiser knows after ``fit.evaluations`` tries: a heading, the best so far, where EI peaks now.

        With ``placed`` the three sit in the panel's status rows, beside their labels.
        """
        if fit.evaluations == 1:
            after = T("bayesian-optimisation.after_one_try", "after 1 try")
        else:
            after = T("bayesian-optimisation.after_tries", "after {n} tries", n=fit.evaluations)
        head = style.text(after, size=style.LABEL_SIZE, weight="BOLD")
        best = style.text(T("bayesian-optimisation.best_at", "{y} at x = {x}", y=self.y(fit.best_y),
                            x=self.x(fit.best_x)), size=style.SMALL_SIZE, color=style.HIGHLIGHT)
        nxt = style.text(f"x = {self.x(fit.next_x)}", size=style.SMALL_SIZE, color=style.ACCENT)
        if placed:
            if frame.stacked():  # the panel below the picture may have shrunk its rows: the values match them
                for v in (head, best, nxt):
                    v.scale(self.best_label.height / self.best_label_height)
            right = config.frame_width / 2 - style.EDGE
            head.move_to(self.head_slot.get_center()).align_to(self.head_slot, LEFT)
            for value, label in ((best, self.best_label), (nxt, self.next_label)):
                value.next_to(label, RIGHT, buff=0.15)
                style.fit_width(value, right - label.get_right()[0] - 0.2)
                value.next_to(label, RIGHT, buff=0.15)
        return VGroup(head, best, nxt)

    def swap_status(self, values: VGroup) -> list:
        old, self.status = self.status, values
        return [quick_fade(old, fade_in=False, run_time=0.3), quick_fade(values, fade_in=True, run_time=0.3)]

    def place_panel(self, *rows: Mobject) -> VGroup:
        """Rows stacked down the right-hand panel; a row too wide shrinks alone, so the others never move.

        Below the picture (a tall or square frame): the legend and the formula in a column on the left,
        the status rows beside them.
        """
        if frame.stacked():
            return self.place_panel_below(*rows)
        for row in rows:
            style.fit_width(row, charts.PANEL_WIDTH - 0.3)
        group = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        right = config.frame_width / 2 - style.EDGE
        group.next_to(np.array([right - charts.PANEL_WIDTH + 0.15, self.content_top - 0.1, 0.0]), DOWN + RIGHT,
                      buff=0)
        return group

    def place_panel_below(self, *rows: Mobject) -> VGroup:
        left, right, bottom, top = self.panel_box
        split = 2 if len(rows) > 1 and rows[1] is getattr(self, "formula", None) else 1
        half = (right - left - 0.4) / 2
        for row in rows:
            style.fit_width(row, half)
        columns = VGroup(VGroup(*rows[:split]).arrange(DOWN, aligned_edge=LEFT, buff=0.22),
                         VGroup(*rows[split:]).arrange(DOWN, aligned_edge=LEFT, buff=0.22))
        start = max(columns[0].get_right()[0], left + half) + 0.4  # the status column starts at the middle
        columns[1].next_to(np.array([start, columns[0].get_top()[1], 0.0]), DOWN + RIGHT, buff=0)
        style.fit_into(columns, right - left, top - bottom)
        columns.move_to(np.array([left + columns.width / 2, top - columns.height / 2, 0.0]))
        return columns

    # --- storyboard ----------------------------------------------------------------------------

    def build_panels(self) -> None:
        m = self.model
        # the readouts below the picture (a tall or square frame) are two columns, the legend and EI's
        # formula the taller: the picture takes what they leave
        share = charts.readouts_share(self, (self.legend(), self.ei_formula()), buff=0.22)
        if frame.stacked():
            self.panel_box = frame.split(self.content_top - 0.1, self.content_bottom, charts.PANEL_WIDTH,
                                         share=share)[1]
        left, right, bottom, top = charts.chart_box(self, share=share)
        top -= 0.45  # the top panel's name
        # stacked, the short EI panel under the top one shares its x numbers (the top panel's, just above):
        # the room chart_box keeps for numbers under it goes to the pictures
        shared_x = frame.stacked()
        if shared_x:
            bottom -= EI_NUMBER_ROOM
        ei_h, gap = 1.15, 0.95  # the EI panel, and between: the top panel's x numbers and the EI panel's name
        if frame.stacked():  # the EI panel keeps a third of the picture
            gap = 0.8
            ei_h = max(0.5, (top - bottom - gap) / 3)
        top_h = top - bottom - ei_h - gap
        # tick numbers of our own: short for any scale (5 · 10^-7), only inside the range, 0 included
        y_labels = [(v, self.tick_label(v)) for v in tick_values(m.y_view, 4)]
        widest = max((lab.width for _, lab in y_labels), default=0.0)
        left = max(left, -config.frame_width / 2 + style.EDGE + widest + 0.25)
        self.top = bare_axes(m.x_range, m.y_view, right - left, top_h)
        charts.place_axes(self.top, (left, right, top - top_h, top))
        self.top_ticks = self.ticks(self.top, y_labels)
        self.bottom = bare_axes(m.x_range, (0, 1.15), right - left, ei_h)
        charts.place_axes(self.bottom, (left, right, bottom, bottom + ei_h))
        self.bottom_ticks = self.ticks(self.bottom, [], numbers=not shared_x)
        if self.maximise:
            goal = T("bayesian-optimisation.top_name_max", "f(x): find the highest point")
        else:
            goal = T("bayesian-optimisation.top_name_min", "f(x): find the lowest point")
        self.top_name = style.fit_width(style.text(goal, size=style.SMALL_SIZE, color=style.MUTED), right - left)
        self.top_name.next_to(self.top, UP, buff=0.08).align_to(self.top, LEFT)
        self.bottom_name = style.text(T("bayesian-optimisation.ei_name", "expected improvement (scaled to its peak)"),
                                      size=style.SMALL_SIZE, color=style.ACCENT)
        style.fit_width(self.bottom_name, right - left)  # a longer language's name stays over its chart
        self.bottom_name.next_to(self.bottom, UP, buff=0.06).align_to(self.bottom, LEFT)
        self.truth = DashedVMobject(charts.curve(self.top, m.grid, m.truth, style.MUTED, stroke_width=3), num_dashes=60)
        if self.maximise:
            self.caption(T("bayesian-optimisation.goal_max", "Goal: the highest point of f, in few tries. The dashed "
                           "f is hidden from the optimiser."))
        else:
            self.caption(T("bayesian-optimisation.goal_min", "Goal: the lowest point of f, in few tries. The dashed "
                           "f is hidden from the optimiser."))
        self.play(Create(self.top), FadeIn(self.top_name), FadeIn(self.top_ticks), run_time=0.8)
        self.play(Create(self.truth), run_time=1.0)

    def tick_label(self, v: float) -> Mobject:
        return style.math(*tick_text(v), size=style.SMALL_SIZE, color=style.TEXT)

    def ticks(self, ax, y_labels, numbers: bool = True) -> VGroup:
        """Tick marks and numbers along the bottom (x) and the left (y) of ``ax`` (``numbers``: the x ones too)."""
        out = VGroup()
        x0, y0 = ax.x_range[0], ax.y_range[0]
        for v in tick_values(ax.x_range[:2], 5):
            p = ax.c2p(v, y0)
            out.add(Line(p + 0.07 * DOWN, p + 0.07 * UP, color=style.MUTED, stroke_width=2))
            if numbers:
                out.add(self.tick_label(v).next_to(p, DOWN, buff=0.14))
        for v, lab in y_labels:
            p = ax.c2p(x0, v)
            out.add(Line(p + 0.07 * LEFT, p + 0.07 * RIGHT, color=style.MUTED, stroke_width=2))
            out.add(lab.next_to(p, LEFT, buff=0.14))
        return out

    def show_first_tries(self) -> None:
        m = self.model
        n = m.initial
        fit = m.fits[0]
        self.dots = VGroup(*(self.tried_dot(x, y) for x, y in zip(m.xs[:n], m.ys[:n])))
        self.ring = self.best_ring(fit)
        self.best = self.best_line(fit)
        values = {"n": n, "seed": str(self.params.seed), "best": self.y(fit.best_y)}
        if n == 1:
            self.caption(T("bayesian-optimisation.start_one", "It starts from 1 random try (seed {seed}): the best so "
                           "far is {best}.", **values))
        else:
            self.caption(T("bayesian-optimisation.start", "It starts from {n} random tries (seed {seed}): the best so "
                           "far is {best}.", **values))
        self.play(FadeIn(self.dots, lag_ratio=0.3), run_time=0.8)
        self.play(Create(self.ring), Create(self.best), run_time=0.6)
        self.add_foreground_mobjects(self.dots)
        self.wait(0.6)

    def show_guess(self) -> None:
        fit = self.model.fits[0]
        self.area = self.band(fit)
        self.mean = self.mean_curve(fit)
        self.legend_rows = self.legend()
        labels = self.status_labels()
        self.best_label_height = self.best_label.height
        first = self.status_values(fit, placed=False)
        self.head_slot = first[0]
        self.status_rows = [first[0], charts.row(self.best_label, first[1]), charts.row(self.next_label, first[2])]
        self.panel = self.place_panel(self.legend_rows, *self.status_rows)
        self.status = first
        self.status_words = labels
        self.caption(T("bayesian-optimisation.guess", "A Gaussian process guesses f from them: a mean (blue), and "
                       "±2 sd around it where f is likely."))
        self.play(FadeIn(self.area), Create(self.mean), FadeIn(self.legend_rows), run_time=1.2)
        self.wait(0.9)

    def show_expected_improvement(self) -> None:
        fit = self.model.fits[0]
        self.ei = self.ei_curve(fit)
        self.ei_fill = self.ei_area(fit)
        if self.maximise:
            self.caption(T("bayesian-optimisation.ei_max", "Expected improvement: how much trying x should beat the "
                           "best so far, on average."))
        else:
            self.caption(T("bayesian-optimisation.ei_min", "Expected improvement: how much trying x should go below "
                           "the best so far, on average."))
        self.play(Create(self.bottom), FadeIn(self.bottom_ticks), FadeIn(self.bottom_name), run_time=0.6)
        self.play(Create(self.ei), FadeIn(self.ei_fill), run_time=1.0)
        self.formula = self.ei_formula()
        self.panel = self.place_panel(self.legend_rows, self.formula, *self.status_rows)
        if self.maximise:
            self.caption(T("bayesian-optimisation.ei_large_max", "It is large where the guess is good (μ high) or "
                           "unsure (σ wide): both could pay off."))
        else:
            self.caption(T("bayesian-optimisation.ei_large_min", "It is large where the guess is good (μ low) or "
                           "unsure (σ wide): both could pay off."))
        self.play(Write(self.formula), FadeIn(self.status), FadeIn(self.status_words), run_time=0.8)
        self.wait(0.8)

    def play_round(self, r: int) -> None:
        m = self.model
        pace = 0.85 if m.rounds <= 5 else 0.6  # many rounds: each a little quicker
        fit, after = m.fits[r], m.fits[r + 1]
        x, y = m.xs[m.initial + r], m.ys[m.initial + r]
        marker = self.next_marker(fit)
        new_dot = self.tried_dot(x, y)
        improved = (y > fit.best_y) if self.maximise else (y < fit.best_y)
        step = m.grid[1] - m.grid[0]
        values = {"y": self.y(y), "best": self.y(fit.best_y)}
        if m.flat:
            outcome = T("bayesian-optimisation.try_flat", "Try it: f is {y} again: on a flat f nothing can improve.",
                        **values)
        elif any(abs(x - seen) < 1.5 * step for seen in m.xs[:m.initial + r]):
            outcome = T("bayesian-optimisation.try_settled", "Try it: the same spot as before (f = {y}): the search "
                        "has settled.", **values)
        elif improved:
            outcome = T("bayesian-optimisation.try_new_best", "Try it: f = {y}, a new best.", **values)
        else:
            outcome = T("bayesian-optimisation.try_no_better", "Try it: f = {y}, no better than {best}.", **values)
        seen = np.asarray(m.xs[:m.initial + r])
        where = {"round": r + 1, "x": self.x(x)}
        if not m.flat and np.abs(seen - x).min() > m.length_scale:  # exploring
            peak = T("bayesian-optimisation.peak_unsure", "Round {round}: EI peaks at x = {x}, where the guess is "
                     "unsure.", **where)
        elif not m.flat and abs(x - fit.best_x) <= m.length_scale:  # exploiting
            peak = T("bayesian-optimisation.peak_near_best", "Round {round}: EI peaks at x = {x}, near the best so "
                     "far.", **where)
        else:
            peak = T("bayesian-optimisation.peak", "Round {round}: EI peaks at x = {x}.", **where)
        self.caption(T("bayesian-optimisation.round", "{peak} {outcome}", peak=peak, outcome=outcome))
        self.play(FadeIn(marker), run_time=0.5 * pace)
        self.play(FadeIn(new_dot, scale=2.0), run_time=0.5 * pace)
        self.dots.add(new_dot)
        self.add_foreground_mobjects(new_dot)
        # refit: the guess, its band, EI, and the best so far move to what the new point says
        done = r + 1 == m.rounds
        status_after = self.status_values(after)
        if done:  # nothing is tried after the last round
            status_after.remove(status_after[2])
        self.play(
            Transform(self.area, self.band(after)), Transform(self.mean, self.mean_curve(after)),
            Transform(self.ei, self.ei_curve(after)), Transform(self.ei_fill, self.ei_area(after)),
            Transform(self.ring, self.best_ring(after)), Transform(self.best, self.best_line(after)),
            FadeOut(marker), *self.swap_status(status_after),
            *([quick_fade(self.next_label, fade_in=False, run_time=0.3)] if done else []),
            run_time=0.9 * pace,
        )
        self.wait(0.5 * pace)

    def compare_with_random_search(self) -> None:
        m = self.model
        extra = list(zip(m.random_xs[m.initial:], m.random_ys[m.initial:]))
        self.randoms = VGroup(*(Square(side_length=0.15, stroke_width=0, fill_color=style.NEGATIVE, fill_opacity=0.95)
                                .move_to(charts.points(self.top, [x], [y])[0]) for x, y in extra))
        n = len(m.xs)
        bo = charts.row(style.text(T("bayesian-optimisation.bo_row", "Bayesian optimisation"), size=style.SMALL_SIZE,
                                   color=style.HIGHLIGHT),
                        style.text(self.y(m.best_y), size=style.SMALL_SIZE, color=style.HIGHLIGHT))
        rnd = charts.row(Square(side_length=0.15, stroke_width=0, fill_color=style.NEGATIVE, fill_opacity=0.95),
                         style.text(T("bayesian-optimisation.random_row", "random search"), size=style.SMALL_SIZE,
                                    color=style.NEGATIVE),
                         style.text(self.y(m.random_best_y), size=style.SMALL_SIZE, color=style.NEGATIVE))
        if m.flat:
            truth_words = T("bayesian-optimisation.flat_everywhere", "f = {y} everywhere", y=self.y(m.true_best_y))
        else:
            truth_words = T("bayesian-optimisation.true_best", "true best {y} at x = {x}", y=self.y(m.true_best_y),
                            x=self.x(m.true_best_x))
        truth = style.text(truth_words, size=style.SMALL_SIZE, color=style.MUTED)
        head = style.text(T("bayesian-optimisation.best_of", "best of {n} tries", n=n), size=style.LABEL_SIZE,
                          weight="BOLD")
        self.panel = self.place_panel(self.legend_rows, self.formula, head, bo, rnd, truth)
        self.caption(T("bayesian-optimisation.random_search", "Random search, from the same start plus {rounds} "
                       "random tries (seeded), for comparison.", rounds=m.rounds))
        self.play(FadeOut(self.status), FadeOut(self.best_label), FadeIn(head), FadeIn(self.randoms, lag_ratio=0.2),
                  run_time=1.0)
        self.play(FadeIn(bo), FadeIn(rnd), FadeIn(truth), run_time=0.6)
        self.wait(0.4)
        self.caption(self.verdict())
        self.wait(2.0)

    def verdict(self) -> str:
        m = self.model
        n = len(m.xs)
        bo, rnd = m.best_y, m.random_best_y
        values = {"n": n, "bo": self.y(bo), "random": self.y(rnd)}
        if m.flat:
            return T("bayesian-optimisation.verdict_flat", "f is flat: every try gives {bo}, so no way of choosing x "
                     "can do better than another.", **values)
        if self.y(bo) == self.y(rnd):
            return T("bayesian-optimisation.verdict_tie", "With {n} tries each, both found {bo}: this time looking "
                     "carefully did not pay.", **values)
        better = bo > rnd if self.maximise else bo < rnd
        if better:
            return T("bayesian-optimisation.verdict_bo", "With the same {n} tries, Bayesian optimisation found {bo}; "
                     "random search only {random}.", **values)
        return T("bayesian-optimisation.verdict_random", "Here random search got lucky: {random} against {bo}, in {n} "
                 "tries each.", **values)

    def read_it(self) -> None:
        self.caption(T("bayesian-optimisation.summary", "Bayesian optimisation tries next where a good result is most "
                       "likely, given what it has seen."))
        self.wait(2.2)
