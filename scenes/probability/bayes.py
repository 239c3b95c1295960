"""Bayes: a population square split by the prior, then by the test; the evidence
keeps only the positive area, and the posterior is the share of it that is real.

Every area and number comes from ``intuition.statistics.bayes`` (``self.model``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    FadeIn,
    FadeOut,
    Line,
    Mobject,
    Rectangle,
    ReplacementTransform,
    VGroup,
    Write,
    config,
)

from intuition.words import T, num
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.probability import charts

DIM = 0.12  # fill of the areas the test calls negative
BRIGHT = 0.75


@dataclass(frozen=True)
class Story:
    """Which story the square tells: ``test`` (sick people, a medical test) or ``spam`` (emails, a filter).

    Every sentence of a story is its own message (``bayes.test_...`` / ``bayes.spam_...``):
    the words of one story are never glued into the other's sentences.
    """

    key: str

    @property
    def spam(self) -> bool:
        return self.key == "spam"


STORIES = {"test": Story("test"), "spam": Story("spam")}
POPULATION = 1000
PANEL_BUFF = 0.28  # between the numbers panel's rows
SLOT_HEIGHT = 0.5  # the posterior bar's, before the panel shrinks its rows
PANEL_BESIDE = 4.6  # frame units the numbers panel keeps at least, beside the square
# a square frame's panel beside the square: below it, in two columns, the rows shrank to about half size and
# the square to 2.85 units; beside it, in one column, long rows wrap and the square is 3.1
SQUARE_PANEL_BESIDE = 3.6
NARROW_SHARE_ROOM = 1.2  # beside the posterior bar in that panel, for '50% sick'


def rounded(x: float, decimals: int) -> str:
    """``x`` to ``decimals`` places in the active language; what rounds to 0 reads 0 (not 1 × 10⁻³)."""
    return num(round(float(x), decimals) + 0.0, decimals)


def pct(x: float) -> str:
    """A probability as a percentage a person says: 10%, 0.5%, 33.3%."""
    v = 100 * x
    return T("bayes.percent", "{value}%", value=rounded(v, 1 if abs(v) >= 1 or v == 0 else 2))


def posterior_caption(m, s: Story) -> str:
    if m.posterior is None:
        if s.spam:
            return T("bayes.spam_no_evidence", "Nobody would get flagged here, so there is no evidence to update on.")
        return T("bayes.test_no_evidence", "Nobody would test positive here, so there is no evidence to update on.")
    if m.prior == 0:
        if s.spam:
            return T(
                "bayes.spam_prior_zero",
                "Nothing is spam to begin with, so every positive is a false alarm: posterior 0.",
            )
        return T(
            "bayes.test_prior_zero",
            "Nothing is sick to begin with, so every positive is a false alarm: posterior 0.",
        )
    if m.prior == 1:
        if s.spam:
            return T(
                "bayes.spam_prior_one",
                "Everything is spam to begin with, so no evidence can change that: posterior 100%.",
            )
        return T(
            "bayes.test_prior_one",
            "Everything is sick to begin with, so no evidence can change that: posterior 100%.",
        )
    post = pct(m.posterior)
    if m.posterior < 0.5:
        if s.spam:
            return T(
                "bayes.spam_posterior_only",
                "Of everything that would get flagged, only {posterior} is really spam: that is the posterior.",
                posterior=post,
            )
        return T(
            "bayes.test_posterior_only",
            "Of everything that would test positive, only {posterior} is really sick: that is the posterior.",
            posterior=post,
        )
    if s.spam:
        return T(
            "bayes.spam_posterior",
            "Of everything that would get flagged, {posterior} is really spam: that is the posterior.",
            posterior=post,
        )
    return T(
        "bayes.test_posterior",
        "Of everything that would test positive, {posterior} is really sick: that is the posterior.",
        posterior=post,
    )


class BayesScene(IntuitionScene):
    """A medical test (or spam filter) as areas of a unit square.

    Examples
    --------
    >>> class RareDisease(BayesScene):
    ...     prior = 0.01
    """

    def construct(self) -> None:
        self.story = STORIES[self.params.story]
        self.show_population()
        self.split_by_prior()
        self.apply_the_test()
        self.keep_the_evidence()
        self.read_posterior()

    # --- geometry -----------------------------------------------------------------------

    def layout(self) -> None:
        self.readout_rows: list[Mobject] | None = None
        self.share = None
        if not self.beside():  # the square on top, centred; the numbers panel below it (charts.panel)
            # (a tall frame) the numbers get the height they need, the square the rest
            self.readout_rows = self.make_panel_rows()
            self.share = charts.readouts_share(self, self.readout_rows, buff=PANEL_BUFF)
            split = frame.split(self.content_top, self.content_bottom, charts.PANEL_WIDTH, share=self.share)
            left, right, bottom, top = split[0]
            top -= 0.5  # room for the column names above the square
            self.side = min(top - bottom, right - left - 0.5, 5.6)
            self.origin = np.array([(left + right - self.side) / 2, bottom + (top - bottom - self.side) / 2, 0.0])
            return
        top, bottom = self.content_top - 0.55, self.content_bottom + 0.15
        left = -config.frame_width / 2 + style.EDGE + 0.25
        # the panel beside keeps PANEL_BESIDE of width (a 4:3 frame's square would leave it 3.8, every row shrunk)
        keep = SQUARE_PANEL_BESIDE if frame.stacked() else PANEL_BESIDE
        self.side = min(top - bottom, 5.6, config.frame_width / 2 - style.EDGE - 0.45 - keep - left)
        self.origin = np.array([left, bottom + (top - bottom - self.side) / 2, 0.0])  # bottom-left corner

    @staticmethod
    def beside() -> bool:
        """Whether the numbers panel sits beside the square: in a wide frame, and in a square one."""
        return not frame.stacked() or config.frame_height < 1.2 * config.frame_width

    def pt(self, u: float, v: float) -> np.ndarray:
        """A point of the unit square (u across, v up) in frame coordinates."""
        return self.origin + self.side * np.array([u, v, 0.0])

    def box(self, u0, u1, v0, v1, color, opacity, stroke=0.0) -> Rectangle:
        w, h = max(u1 - u0, 1e-4) * self.side, max(v1 - v0, 1e-4) * self.side
        r = Rectangle(
            width=w,
            height=h,
            stroke_width=stroke,
            stroke_color=color,
            fill_color=color,
            fill_opacity=opacity if (u1 - u0) > 1e-9 and (v1 - v0) > 1e-9 else 0.0,
        )
        return r.move_to((self.pt(u0, v0) + self.pt(u1, v1)) / 2)

    # --- storyboard ---------------------------------------------------------------------------

    def show_population(self) -> None:
        s = self.story
        self.show_title()
        self.layout()
        self.square = self.box(0, 1, 0, 1, style.MUTED, 0.25, stroke=2)
        self.square.set_stroke(style.TEXT, 2)
        if s.spam:
            everyone = T("bayes.spam_everyone", "{count} emails", count=POPULATION)
            caption = T(
                "bayes.spam_population", "Picture {count} emails as this square: area is probability.", count=POPULATION
            )
        else:
            everyone = T("bayes.test_everyone", "{count} people", count=POPULATION)
            caption = T(
                "bayes.test_population", "Picture {count} people as this square: area is probability.", count=POPULATION
            )
        self.everyone = style.text(everyone, size=style.LABEL_SIZE)
        self.everyone.move_to(self.square)
        self.caption(caption)
        self.play(Create(self.square), FadeIn(self.everyone), run_time=1.0)
        self.wait(0.4)

    def split_by_prior(self) -> None:
        m, s = self.model, self.story
        p = m.prior
        self.yes_col = self.box(0, p, 0, 1, style.HIGHLIGHT, 0.35)
        self.no_col = self.box(p, 1, 0, 1, style.POSITIVE, 0.35)
        self.divider = Line(self.pt(p, 0), self.pt(p, 1), color=style.TEXT, stroke_width=2)
        if s.spam:
            yes_head = T("bayes.spam_yes_head", "spam {share}", share=pct(p))
            no_head = T("bayes.spam_no_head", "real mail {share}", share=pct(1 - p))
            caption = T("bayes.spam_prior", "Before any evidence, {prior} are spam: that is the prior.", prior=pct(p))
        else:
            yes_head = T("bayes.test_yes_head", "sick {share}", share=pct(p))
            no_head = T("bayes.test_no_head", "healthy {share}", share=pct(1 - p))
            caption = T("bayes.test_prior", "Before any evidence, {prior} are sick: that is the prior.", prior=pct(p))
        self.yes_head = style.text(yes_head, size=style.SMALL_SIZE, color=style.HIGHLIGHT)
        self.no_head = style.text(no_head, size=style.SMALL_SIZE, color=style.POSITIVE)
        self.place_heads()
        self.rows = self.panel_rows()
        self.caption(caption)
        self.play(
            FadeOut(self.everyone),
            FadeIn(self.yes_col),
            FadeIn(self.no_col),
            Create(self.divider),
            FadeIn(self.yes_head),
            FadeIn(self.no_head),
            FadeIn(self.rows[0]),
            run_time=1.2,
        )
        self.wait(0.8)

    def place_heads(self) -> None:
        """Column names above their columns, on one line, pushed apart when a column is narrow."""
        p = self.model.prior
        y = self.pt(0, 1)[1] + 0.1
        self.yes_head.move_to(self.pt(p / 2, 1)).set_y(y, direction=DOWN)
        self.no_head.move_to(self.pt((1 + p) / 2, 1)).set_y(y, direction=DOWN)
        gap = self.yes_head.get_right()[0] + 0.25 - self.no_head.get_left()[0]
        if gap > 0:  # split the push between them, then keep both over the square
            self.yes_head.shift(LEFT * gap / 2)
            self.no_head.shift(RIGHT * gap / 2)
        lo, hi = self.pt(0, 0)[0], self.pt(1, 0)[0]
        if self.yes_head.get_left()[0] < lo - 0.1:
            d = lo - 0.1 - self.yes_head.get_left()[0]
            self.yes_head.shift(RIGHT * d)
            self.no_head.shift(RIGHT * max(0.0, self.yes_head.get_right()[0] + 0.25 - self.no_head.get_left()[0]))
        if self.no_head.get_right()[0] > hi + 0.1:
            d = self.no_head.get_right()[0] - hi - 0.1
            self.no_head.shift(LEFT * d)
            self.yes_head.shift(LEFT * max(0.0, self.yes_head.get_right()[0] + 0.25 - self.no_head.get_left()[0]))

    def panel_rows(self) -> VGroup:
        rows = self.readout_rows or self.make_panel_rows()
        return charts.panel(*rows, top=self.content_top, width=self.panel_width(), buff=PANEL_BUFF, share=self.share,
                            beside=self.beside())

    def panel_width(self) -> float:
        """The numbers panel's width: the frame's below the square, else from the square's right side."""
        if not self.beside():
            return frame.panel_width(charts.PANEL_WIDTH)
        return config.frame_width / 2 - style.EDGE - (self.pt(1, 0)[0] + 0.45)

    def make_panel_rows(self) -> list[Mobject]:
        """The numbers panel's rows, each fitted to the panel's width (they are placed by charts.panel)."""
        m, s = self.model, self.story
        size = style.LABEL_SIZE
        c = m.per_1000
        prior, tpr, fpr = pct(m.prior), pct(m.true_positive_rate), pct(m.false_positive_rate)
        tally = {
            "total": POPULATION,
            "yes": rounded(c["condition_and_positive"], 1),
            "no": rounded(c["no_condition_and_positive"], 1),
        }
        if s.spam:
            prior_words = T("bayes.spam_prior_row", "prior: {prior} are spam", prior=prior)
            tpr_words = T("bayes.spam_tpr_row", "{tpr} of the spam get flagged", tpr=tpr)
            fpr_words = T("bayes.spam_fpr_row", "{fpr} of the real mail get flagged too", fpr=fpr)
            count_words = T("bayes.spam_counts", "out of {total}: {yes} spam + {no} real mail get flagged", **tally)
            reading_words = T("bayes.spam_reading", "= spam and flagged  ÷  everything flagged")
        else:
            prior_words = T("bayes.test_prior_row", "prior: {prior} are sick", prior=prior)
            tpr_words = T("bayes.test_tpr_row", "{tpr} of the sick test positive", tpr=tpr)
            fpr_words = T("bayes.test_fpr_row", "{fpr} of the healthy test positive too", fpr=fpr)
            count_words = T("bayes.test_counts", "out of {total}: {yes} sick + {no} healthy test positive", **tally)
            reading_words = T("bayes.test_reading", "= sick and positive  ÷  everything positive")
        width = self.panel_width()
        narrow = frame.stacked() and self.beside()  # a square frame's panel beside the square

        def words_row(words: str, size: float, color) -> Mobject:  # in the narrow panel a long row wraps
            if narrow:
                return charts.panel_words(words, size=size, color=color, width=width - 0.35)
            return style.text(words, size=size, color=color)

        if narrow:  # the rows a little smaller, all alike (a row that just fits would shrink alone)
            size = style.LABEL_SIZE - 2
        prior_row = words_row(prior_words, size, style.HIGHLIGHT)
        tpr_row = words_row(tpr_words, size, style.HIGHLIGHT)
        fpr_row = words_row(fpr_words, size, style.POSITIVE)
        counts = words_row(count_words, style.LABEL_SIZE - 2, style.VECTOR)
        self.formula = self.posterior_formula(two_lines=narrow)
        reading = words_row(reading_words, style.LABEL_SIZE - 2, style.MUTED)
        # in the narrow panel the bar leaves room beside it for its share's words
        self.bar_slot = Rectangle(width=width - 0.35 - NARROW_SHARE_ROOM if narrow else 4.0, height=SLOT_HEIGHT,
                                  stroke_width=0)
        # every row laid out now, so nothing moves when later rows appear
        for row in (prior_row, tpr_row, fpr_row, counts, self.formula, reading):
            style.fit_width(row, width - 0.35)  # a long row shrinks alone, not the whole panel
        return [prior_row, tpr_row, fpr_row, counts, self.formula, reading, self.bar_slot]

    def stage_in_the_square(self, bars: VGroup) -> VGroup:
        """Where the posterior bar forms before it moves to its slot: inside the square, across its
        middle, at the slot's height when the panel is beside the square, else near its bottom."""
        staged = bars.copy()
        room = self.side - 0.2
        if staged.width > room:
            staged.stretch_to_fit_width(room)
        low, high = self.pt(0, 0)[1] + 0.1 + staged.height / 2, self.pt(0, 1)[1] - 0.1 - staged.height / 2
        y = low if not self.beside() else min(max(bars.get_y(), low), high)
        return staged.move_to(np.array([self.pt(0.5, 0)[0], y, 0.0]))

    def posterior_formula(self, two_lines: bool = False):
        """P(sick | positive) = the fraction = the posterior; ``two_lines``: the fraction and the value under
        the probability's name (a narrow panel)."""
        m, s = self.model, self.story
        undefined = T("bayes.undefined", "undefined")
        post_t = f'"{undefined}"' if m.posterior is None else style.fmt(m.posterior, 3)
        post_l = rf"\text{{{undefined}}}" if m.posterior is None else style.fmt(m.posterior, 3)
        if s.spam:
            yes, pos = T("bayes.spam_formula_yes", "spam"), T("bayes.spam_formula_flagged", "flagged")
        else:
            yes, pos = T("bayes.test_formula_yes", "sick"), T("bayes.test_formula_positive", "positive")
        num_t = f"{style.fmt(m.prior, 3)} dot {style.fmt(m.true_positive_rate, 3)}"
        den_t = f"{num_t} + {style.fmt(1 - m.prior, 3)} dot {style.fmt(m.false_positive_rate, 3)}"
        num_l = num_t.replace("dot", r"\cdot")
        den_l = den_t.replace("dot", r"\cdot")
        size = style.MATH_SIZE * charts.NUMBER_SCALE
        name_t, name_l = f'P("{yes}" | "{pos}")', rf"P(\text{{{yes}}} \mid \text{{{pos}}})"
        value_t, value_l = f"({num_t}) / ({den_t}) = {post_t}", rf"\frac{{{num_l}}}{{{den_l}}} = {post_l}"
        if two_lines:
            return VGroup(style.math(name_t, name_l, size=size, color=style.TEXT),
                          style.math(f"= {value_t}", f"= {value_l}", size=size, color=style.TEXT)
                          ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        return style.math(f"{name_t} = {value_t}", f"{name_l} = {value_l}", size=size, color=style.TEXT)

    def apply_the_test(self) -> None:
        m, s = self.model, self.story
        p, tpr, fpr = m.prior, m.true_positive_rate, m.false_positive_rate
        # positives on top of each column, negatives below
        self.yes_pos = self.box(0, p, 1 - tpr, 1, style.HIGHLIGHT, BRIGHT)
        self.yes_neg = self.box(0, p, 0, 1 - tpr, style.HIGHLIGHT, DIM)
        self.no_pos = self.box(p, 1, 1 - fpr, 1, style.POSITIVE, BRIGHT)
        self.no_neg = self.box(p, 1, 0, 1 - fpr, style.POSITIVE, DIM)
        cut_yes = Line(self.pt(0, 1 - tpr), self.pt(p, 1 - tpr), color=style.TEXT, stroke_width=1.5)
        cut_no = Line(self.pt(p, 1 - fpr), self.pt(1, 1 - fpr), color=style.TEXT, stroke_width=1.5)
        self.cuts = VGroup(*(c for c, w in ((cut_yes, p), (cut_no, 1 - p)) if w > 1e-9))
        if s.spam:
            self.caption(
                T(
                    "bayes.spam_test",
                    "The test: {tpr} of the spam get flagged, and so do {fpr} of the real mail.",
                    tpr=pct(tpr),
                    fpr=pct(fpr),
                )
            )
        else:
            self.caption(
                T(
                    "bayes.test_test",
                    "The test: {tpr} of the sick test positive, and so do {fpr} of the healthy.",
                    tpr=pct(tpr),
                    fpr=pct(fpr),
                )
            )
        self.play(
            ReplacementTransform(self.yes_col, VGroup(self.yes_pos, self.yes_neg)),
            ReplacementTransform(self.no_col, VGroup(self.no_pos, self.no_neg)),
            *(Create(c) for c in self.cuts),
            FadeIn(self.rows[1]),
            FadeIn(self.rows[2]),
            run_time=1.5,
        )
        self.add_counts()
        self.wait(1.0)

    def add_counts(self) -> None:
        """Expected counts out of 1000 inside each area, where they fit."""
        m = self.model
        pieces = [
            (self.yes_pos, m.condition_and_positive),
            (self.yes_neg, m.condition_and_negative),
            (self.no_pos, m.no_condition_and_positive),
            (self.no_neg, m.no_condition_and_negative),
        ]
        self.counts = VGroup()
        for rect, area in pieces:
            label = style.text(rounded(POPULATION * area, 1), size=style.SMALL_SIZE)
            if area > 0 and label.width < rect.width - 0.12 and label.height < rect.height - 0.1:
                self.counts.add(label.move_to(rect))
        if len(self.counts):
            self.play(FadeIn(self.counts), run_time=0.5)

    def keep_the_evidence(self) -> None:
        m, s = self.model, self.story
        if s.spam:
            self.caption(T("bayes.spam_evidence", "Now suppose we see a flag: only the bright area is still possible."))
        else:
            self.caption(
                T("bayes.test_evidence", "Now suppose we see a positive test: only the bright area is still possible.")
            )
        outline = VGroup(
            *(
                r.copy().set_fill(opacity=0).set_stroke(style.VECTOR, 4)
                for r, a in ((self.yes_pos, m.condition_and_positive), (self.no_pos, m.no_condition_and_positive))
                if a > 0
            )
        )
        fade = [r.animate.set_fill(opacity=0.04) for r in (self.yes_neg, self.no_neg)]
        fade += [c.animate.set_opacity(0.25) for c in self.counts if not self._inside_positive(c)]
        self.play(*fade, *(Create(o) for o in outline), FadeIn(self.rows[3]), run_time=1.2)
        self.outline = outline
        self.wait(1.0)

    def _inside_positive(self, label) -> bool:
        c = label.get_center()
        return any(
            abs(c[0] - r.get_center()[0]) < r.width / 2 and abs(c[1] - r.get_center()[1]) < r.height / 2
            for r in (self.yes_pos, self.no_pos)
        )

    def read_posterior(self) -> None:
        m, s = self.model, self.story
        formula, reading, slot = self.rows[4], self.rows[5], self.rows[6]
        if s.spam:
            self.caption(T("bayes.spam_share", "Bayes: the posterior is the spam share of the bright area."))
        else:
            self.caption(T("bayes.test_share", "Bayes: the posterior is the sick share of the bright area."))
        self.play(Write(formula), FadeIn(reading, shift=0.2 * DOWN), run_time=1.5)
        if m.posterior is not None:
            # the two bright areas slide into one bar: the posterior is the purple share of it
            w = slot.width
            left = slot.get_left()
            yes_w, no_w = w * m.posterior, w * (1 - m.posterior)
            yes_bar = Rectangle(
                width=max(yes_w, 1e-4),
                height=slot.height,
                stroke_width=0,
                fill_color=style.HIGHLIGHT,
                fill_opacity=BRIGHT if yes_w > 1e-6 else 0,
            ).move_to(left + RIGHT * yes_w / 2)
            no_bar = Rectangle(
                width=max(no_w, 1e-4),
                height=slot.height,
                stroke_width=0,
                fill_color=style.POSITIVE,
                fill_opacity=BRIGHT if no_w > 1e-6 else 0,
            ).move_to(left + RIGHT * (yes_w + no_w / 2))
            outline = Rectangle(width=w, height=slot.height, stroke_color=style.VECTOR, stroke_width=3).move_to(slot)
            if s.spam:
                share_words = T("bayes.spam_share_label", "{share} spam", share=pct(m.posterior))
            else:
                share_words = T("bayes.test_share_label", "{share} sick", share=pct(m.posterior))
            share = style.text(share_words, size=style.SMALL_SIZE, color=style.HIGHLIGHT)
            share.scale(slot.height / SLOT_HEIGHT)  # as small as the panel's rows, when the panel shrinks them
            room = config.frame_width / 2 - style.EDGE - outline.get_right()[0] - 0.35
            if share.width * 0.7 > room and outline.get_bottom()[1] - 0.12 - share.height > self.content_bottom:
                share.next_to(outline, DOWN, buff=0.12).align_to(outline, LEFT)  # no room beside the bar
            else:
                style.fit_width(share, room)
                share.next_to(outline, RIGHT, buff=0.15)
            bars = VGroup(yes_bar, no_bar)
            staged = self.stage_in_the_square(bars)
            self.staged_bar = staged.copy()  # where it formed (the animation moves ``staged`` on)
            # the bright areas line up into one bar inside the picture (the counts of the impossible areas
            # go), then the bar takes its place below the formula without crossing the panel's words
            gone = [FadeOut(c) for c in self.counts if not self._inside_positive(c)]
            self.play(
                ReplacementTransform(self.yes_pos.copy(), staged[0]),
                ReplacementTransform(self.no_pos.copy(), staged[1]),
                *gone,
                run_time=1.3,
            )
            # the panel below the square, or the slot lower than the square's bottom (a square frame): a slide
            # would cross the panel's words, so the bar fades across
            if not self.beside() or abs(staged.get_y() - bars.get_y()) > 1e-3:
                self.play(FadeOut(staged), FadeIn(bars), run_time=0.7)
            else:  # the panel is beside the square, the slot at the staged bar's height: a slide across
                self.play(ReplacementTransform(staged, bars), run_time=0.8)
            self.share_label = share
            self.play(Create(outline), FadeIn(share), run_time=0.6)
        self.caption(posterior_caption(m, s))
        self.wait(1.5)
        self.caption(
            T("bayes.closing", "Bayes: update your belief by how much better the evidence fits one explanation.")
        )
        self.wait(2.0)
