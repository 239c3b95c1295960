"""Naive Bayes: a tiny spam filter learns from a handful of labelled messages.

Storyboard: the training messages and the new one; the prior (the share that is
spam); each word's count per class and its likelihood P(word | class) as a pair
of bars; Laplace smoothing lifting the bar of a word never seen in one class;
the naive assumption (words independent given the class) said in words; the
log-odds adding up word by word as arrows on a number line; the posterior.
Messages with no known word are narrated as what they are: no evidence, so the
posterior is the prior. Every number comes from ``intuition.classifiers`` (``self.model``).
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    Rectangle,
    Transform,
    VGroup,
    Write,
    config,
)

from intuition.words import T, num
from scenes import frame, style
from scenes.base import IntuitionScene
from scenes.calculus.graphing import tick_text, tick_values
from scenes.probability import charts

FORMULA_SHRINK_LIMIT = 0.8  # the naive formula goes on two lines rather than shrink below this
WIDE_WIDTH = 8 * 16 / 9  # the 16:9 frame's width, where the column ends at x = -1.9
COLUMN_END, AREA_START = -1.9, -1.5  # in that frame; other wide or square frames scale them with their width
MAX_LISTED = 9  # training messages listed on screen; more are summarised


# --- words ----------------------------------------------------------------------------------------


def fraction(count: int, total: int, alpha: float, v: int) -> str:
    """P(word | class) with its counts written out: (2 + 1) / (13 + 20) = 0.09."""
    if alpha == 0:
        return f"{count} / {total}"
    a = num(alpha)
    return f"({count} + {a}) / ({total} + {a} × {v})"


def signed(x: float) -> str:
    if math.isinf(x):
        return "+∞" if x > 0 else "−∞"
    return ("+" if x >= 0 else "−") + num(abs(x))


def prob(p: float, number=num) -> str:
    """A probability with enough digits to tell 0.9995 from 1: 0.87, 0.0004, 1 (only when exactly 1).

    ``number`` writes the digits: the language's (``num``) in words, ``style.fmt`` in a formula.
    """
    if p in (0.0, 1.0) or 0.01 <= p <= 0.99:
        return number(p)
    if p > 0.9999:
        return f"> {number(0.9999, 4)}"
    if p < 0.0001:
        return f"< {number(0.0001, 4)}"
    return number(p, 4)


def posterior_captions(m) -> list[str]:
    """What the posterior says, true for every case the model reports."""
    if not m.evidence:
        return [T("naive-bayes.prior_is_posterior", "No evidence either way, so the posterior is the prior: "
                  "P(spam | message) = {p}.", p=prob(m.prior_spam))]
    if m.posterior is None:
        return [T("naive-bayes.cannot_decide", "One word rules out spam and another rules out ham: without "
                  "smoothing it cannot decide.")]
    if math.isinf(m.log_odds):
        if m.log_odds > 0:
            return [T("naive-bayes.certain_spam", "Without smoothing, a word never seen in ham makes it certain: "
                      "P(spam | message) = {p}, spam.", p=prob(m.posterior))]
        return [T("naive-bayes.certain_ham", "Without smoothing, a word never seen in spam makes it certain: "
                  "P(spam | message) = {p}, ham.", p=prob(m.posterior))]
    values = {"log_odds": num(m.log_odds), "exponent": num(-m.log_odds), "p": prob(m.posterior)}
    if m.posterior >= 0.5:
        return [T("naive-bayes.posterior_spam", "Log-odds {log_odds}: P(spam | message) = 1 / (1 + e^({exponent})) "
                  "= {p}, so spam.", **values)]
    return [T("naive-bayes.posterior_ham", "Log-odds {log_odds}: P(spam | message) = 1 / (1 + e^({exponent})) "
              "= {p}, so ham.", **values)]


def no_evidence_caption(m) -> str:
    if not m.message_words:
        return T("naive-bayes.no_words", "The new message has no words at all: there is nothing to weigh.")
    quoted = [T("naive-bayes.quoted_word", "“{word}”", word=w) for w in m.unknown_words[:4]]
    shown = ", ".join(quoted) + (", …" if len(m.unknown_words) > 4 else "")
    return T("naive-bayes.no_known_word", "None of its words ({words}) appear in the training messages: "
             "no evidence.", words=shown)


def smoothing_captions(m) -> list[str]:
    word = m.smoothing_word
    if word is None:
        return []
    e = next(ev for ev in m.evidence if ev.word == word)
    if m.alpha == 0:
        no_smoothing = T("naive-bayes.no_smoothing", "α = 0: no smoothing, so one unseen word outweighs all the "
                         "others.")
        if e.spam_count == 0:
            return [T("naive-bayes.rules_out_spam", "“{word}” never appears in spam: P({word} | spam) = 0 rules "
                      "spam out.", word=word), no_smoothing]
        return [T("naive-bayes.rules_out_ham", "“{word}” never appears in ham: P({word} | ham) = 0 rules ham out.",
                  word=word), no_smoothing]
    if e.spam_count == 0:
        return [T("naive-bayes.would_rule_out_spam", "“{word}” never appears in spam: P({word} | spam) = 0 would "
                  "rule spam out.", word=word),
                T("naive-bayes.smoothing_spam", "Laplace smoothing adds α = {alpha} to every count: now "
                  "P({word} | spam) = {p}.", alpha=m.alpha, word=word, p=num(e.p_spam, 3))]
    return [T("naive-bayes.would_rule_out_ham", "“{word}” never appears in ham: P({word} | ham) = 0 would rule "
              "ham out.", word=word),
            T("naive-bayes.smoothing_ham", "Laplace smoothing adds α = {alpha} to every count: now "
              "P({word} | ham) = {p}.", alpha=m.alpha, word=word, p=num(e.p_ham, 3))]


# --- the scene ---------------------------------------------------------------------------------------


class NaiveBayesScene(IntuitionScene):
    """Word counts, likelihood bars, Laplace smoothing, log-odds adding word by word, the posterior.

    Examples
    --------
    >>> class NoSmoothing(NaiveBayesScene):
    ...     alpha = 0.0
    """

    def construct(self) -> None:
        self.lay_out()
        self.show_title()
        self.show_messages()
        self.show_prior()
        if self.model.evidence:
            self.count_words()
            self.smooth()
            self.say_naive()
        else:
            self.explain_no_evidence()
        self.add_up_log_odds()
        self.read_posterior()

    def lay_out(self) -> None:
        """Where the messages column and the picture (bars, log-odds) go, as (left, right, bottom, top) boxes.

        A wide or square frame keeps the column on the left, the picture to its right; a tall frame puts the
        picture on top, as tall as it needs, and the column below it at the frame's full width.
        """
        half = config.frame_width / 2
        top, bottom = self.content_top, self.content_bottom
        self.tall = frame.stacked() and config.frame_height > config.frame_width
        if self.tall:  # the picture as tall as its bars and log-odds rows need, the column gets the rest
            rows = len(self.model.evidence) + 1
            need = 0.6 + 0.75 + 1.3 + 1.0 + rows * 0.4 + 0.6
            share = min(0.6, max(frame.PANEL_SHARE, 1 - need / (top - bottom)))
            self.area_box, column = frame.split(top, bottom, 0.0, share=share)
            self.column_box = column
        else:
            scale = config.frame_width / WIDE_WIDTH
            self.area_box = (AREA_START * scale, half - style.EDGE, bottom, top)
            self.column_box = (-half + style.EDGE, COLUMN_END * scale, bottom, top)
        self.area = self.area_box[:2]  # x range of the picture

    # --- left column: the training messages, then the formulas -------------------------------------------

    def message_list(self) -> VGroup:
        """One line per training message: its label in colour, then its text, the texts in one column.

        Each line is a single Text (label glyphs coloured), so label and text share a baseline.
        """
        m = self.model
        shown = m.messages[:MAX_LISTED]
        tag_w = max(style.text(label, size=style.SMALL_SIZE).width for label, _ in shown)
        rows = VGroup()
        for label, text in shown:
            said = text or T("naive-bayes.empty_message", "(no words)")
            line = style.text(f"{label}  {said}", size=style.SMALL_SIZE)
            line[:len(label)].set_color(style.HIGHLIGHT if label == "spam" else style.POSITIVE)
            body = line[len(label):]
            body.shift(RIGHT * (line.get_left()[0] + tag_w + 0.2 - body.get_left()[0]))
            rows.add(line)
        if len(m.messages) > MAX_LISTED:
            rows.add(style.text(T("naive-bayes.and_more", "… and {n} more", n=len(m.messages) - MAX_LISTED),
                                size=style.SMALL_SIZE, color=style.MUTED))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        return rows

    def show_messages(self) -> None:
        m = self.model
        left, right, low, high = self.column_box
        head = style.text(T("naive-bayes.training_head", "training messages"), size=style.LABEL_SIZE,
                          color=style.MUTED)
        self.list = self.message_list()
        self.rows = self.column_rows()
        gap = 0.28
        below = sum(r.height for r in self.rows) + gap * (len(self.rows) + 1)
        col = VGroup(head, self.list).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.column = col
        if self.tall:  # below the picture: the list and the formula rows shrink together, as one column
            whole = VGroup(col, *self.rows).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
            style.fit_into(whole, right - left, high - low - 0.1)
            whole.next_to(np.array([left, high - 0.05, 0]), DOWN + RIGHT, buff=0)
        else:
            style.fit_into(col, right - left, high - low - 0.15 - below)
            col.next_to(np.array([left, high - 0.05, 0]), DOWN + RIGHT, buff=0)
            y = col.get_bottom()[1] - gap
            for r in self.rows:
                r.next_to(np.array([left, y, 0]), DOWN + RIGHT, buff=0)
                y = r.get_bottom()[1] - gap
        if m.message.strip():
            new_words = T("naive-bayes.new_message", "new: “{message}”", message=m.message)
        else:
            new_words = T("naive-bayes.new_empty", "new: (an empty message)")
        new = style.text(new_words, size=style.LABEL_SIZE, color=style.TEXT)
        style.fit_width(new, self.area[1] - self.area[0])
        new.next_to(np.array([self.area[0], self.area_box[3] - 0.05, 0]), DOWN + RIGHT, buff=0)
        self.new_message = new
        self.caption(T("naive-bayes.training", "{n} training messages: {spam} spam, {ham} ham (wanted mail). "
                       "Is the new one spam?", n=len(m.messages), spam=m.n_spam, ham=m.n_ham))
        self.play(FadeIn(head), FadeIn(self.list, lag_ratio=0.1), run_time=1.2)
        self.play(FadeIn(new, shift=0.2 * DOWN), run_time=0.6)
        self.wait(0.6)

    def column_rows(self) -> list:
        """Rows under the message list, one per step: prior, word totals, the naive formula, the posterior."""
        m = self.model
        prior = style.math(f'P("spam") = {m.n_spam} \\/ {len(m.messages)} = {style.fmt(m.prior_spam)}',
                           rf"P(\text{{spam}}) = {m.n_spam} / {len(m.messages)} = {style.fmt(m.prior_spam)}",
                           size=style.LABEL_SIZE, color=style.HIGHLIGHT)
        totals = style.text(T("naive-bayes.word_totals", "{spam} words in spam, {ham} in ham,\n{different} "
                              "different words", spam=m.spam_words, ham=m.ham_words, different=m.vocabulary_size),
                            size=style.SMALL_SIZE, color=style.MUTED)
        # the class names spam and ham are the data's labels; the other words of a formula are the language's
        words = T("naive-bayes.formula_words", "words")
        message = T("naive-bayes.formula_message", "message")
        width = self.column_box[1] - self.column_box[0]
        lhs_t, lhs_l = f'P("spam" | "{words}") prop', rf"P(\text{{spam}} \mid \text{{{words}}}) \propto"
        rhs_t, rhs_l = 'P("spam") product_w P(w | "spam")', r"P(\text{spam}) \prod_w P(w \mid \text{spam})"
        naive = style.math(f"{lhs_t} {rhs_t}", f"{lhs_l} {rhs_l}", size=style.LABEL_SIZE)
        if naive.width * FORMULA_SHRINK_LIMIT > width:  # on two lines (a square frame's column, and 16:9's too)
            naive = VGroup(style.math(lhs_t, lhs_l, size=style.LABEL_SIZE),
                           style.math(rhs_t, rhs_l, size=style.LABEL_SIZE)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            naive[1].shift(0.3 * RIGHT)
        if m.posterior is None:
            undecided = T("naive-bayes.formula_undecided", "undecided")
            shown_t, shown_l = f'= "{undecided}"', rf"= \text{{{undecided}}}"
        else:
            shown_t = shown_l = prob(m.posterior, style.fmt)
            if not shown_t.startswith(("<", ">")):
                shown_t = shown_l = f"= {shown_t}"  # "> 0.9999" keeps its own comparison
        post = style.math(f'P("spam" | "{message}") {shown_t}',
                          rf"P(\text{{spam}} \mid \text{{{message}}}) {shown_l}", size=style.LABEL_SIZE,
                          color=style.HIGHLIGHT)
        rows = [prior, totals, naive, post]
        for r in rows:
            style.fit_width(r, width)
        self.naive = naive
        return rows

    def show_prior(self) -> None:
        m = self.model
        self.caption(T("naive-bayes.prior", "{spam} of {n} are spam: before reading a word, P(spam) = {prior}. "
                       "That is the prior.", spam=m.n_spam, n=len(m.messages), prior=m.prior_spam))
        self.play(FadeIn(self.rows[0], shift=0.2 * DOWN), run_time=0.8)
        self.wait(1.4)

    # --- top right: the likelihood bars --------------------------------------------------------------

    def bar_layout(self) -> None:
        m = self.model
        left, right = self.area[0] + 0.75, self.area[1]
        self.bar_top = self.new_message.get_bottom()[1] - 0.75
        bar_h = 1.3
        if frame.stacked():  # taller title and caption bands: the bars give up height so each log-odds row keeps 0.4
            rows = len(m.evidence) + 1
            bar_h = min(bar_h, max(0.7, self.bar_top - 1.0 - rows * 0.4 - (self.area_box[2] + 0.6)))
        self.bar_base = self.bar_top - bar_h
        heights = [v for e in m.evidence for v in (e.raw_p_spam, e.raw_p_ham, e.p_spam, e.p_ham)]
        y_hi = max(heights) * 1.1
        self.bar_axes = charts.chart_axes((0, len(m.evidence)), (0, y_hi), width=right - left,
                                          height=self.bar_top - self.bar_base, x_ticks=len(m.evidence), y_ticks=3)
        ax = self.bar_axes
        ax.x_axis.remove(ax.x_axis.numbers)
        ax.shift(np.array([left - ax.x_axis.get_left()[0], self.bar_base - ax.x_axis.get_left()[1], 0]))
        self.group_w = (right - left) / len(m.evidence)

    def bar(self, k: int, which: int, height: float) -> Rectangle:
        """Bar ``which`` (0 spam, 1 ham) of word ``k``, ``height`` in probability units."""
        ax = self.bar_axes
        w = self.group_w * 0.32
        x = k + 0.5 + (-0.5 if which == 0 else 0.5) * 0.34
        base = ax.c2p(x, 0)
        h = max(ax.c2p(x, height)[1] - base[1], 0.004)
        colour = style.HIGHLIGHT if which == 0 else style.POSITIVE
        r = Rectangle(width=w, height=h, stroke_width=0, fill_color=colour, fill_opacity=0.8)
        return r.move_to(base + np.array([0, h / 2, 0]))

    def count_words(self) -> None:
        m = self.model
        self.bar_layout()
        ax = self.bar_axes
        self.bars = VGroup(*(VGroup(self.bar(k, 0, e.raw_p_spam), self.bar(k, 1, e.raw_p_ham))
                             for k, e in enumerate(m.evidence)))
        self.word_labels = VGroup()
        for k, e in enumerate(m.evidence):
            colour = style.ACCENT if e.word == m.smoothing_word else style.TEXT
            name = style.text(e.word, size=style.SMALL_SIZE, color=colour)
            counts = charts.row(style.text(str(e.spam_count), size=style.SMALL_SIZE - 2, color=style.HIGHLIGHT),
                                style.text("|", size=style.SMALL_SIZE - 2, color=style.MUTED),
                                style.text(str(e.ham_count), size=style.SMALL_SIZE - 2, color=style.POSITIVE),
                                buff=0.08)
            label = VGroup(name, counts).arrange(DOWN, buff=0.08)
            style.fit_width(label, self.group_w - 0.1)
            label.next_to(ax.c2p(k + 0.5, 0), DOWN, buff=0.12)
            self.word_labels.add(label)
        key = VGroup(
            charts.row(Rectangle(width=0.22, height=0.22, stroke_width=0, fill_color=style.HIGHLIGHT, fill_opacity=0.8),
                       style.text(T("naive-bayes.key_spam", "P(word | spam)"), size=style.SMALL_SIZE,
                                  color=style.HIGHLIGHT), buff=0.1),
            charts.row(Rectangle(width=0.22, height=0.22, stroke_width=0, fill_color=style.POSITIVE, fill_opacity=0.8),
                       style.text(T("naive-bayes.key_ham", "P(word | ham)"), size=style.SMALL_SIZE,
                                  color=style.POSITIVE), buff=0.1),
        ).arrange(RIGHT, buff=0.4)
        style.fit_width(key, self.area[1] - self.area[0])
        key.next_to(np.array([self.area[1], self.new_message.get_bottom()[1] - 0.15, 0]), DOWN + LEFT, buff=0)
        self.key = key
        unknown = ""
        if m.unknown_words:
            unknown = T("naive-bayes.left_out", "never seen, left out: {words}", words=", ".join(m.unknown_words))
        self.unknown_note = style.text(unknown or " ", size=style.SMALL_SIZE - 2, color=style.MUTED)
        style.fit_width(self.unknown_note, self.area[1] - self.area[0] - key.width - 0.4)
        self.unknown_note.next_to(np.array([self.area[0], key.get_center()[1], 0]), RIGHT, buff=0)
        self.caption(T("naive-bayes.count", "Count each word in spam | ham: P(word | spam) is its share of the "
                       "{spam_words} spam words.", spam_words=m.spam_words))
        self.play(Create(ax), FadeIn(self.key), FadeIn(self.rows[1]), run_time=0.8)
        self.play(*(FadeIn(b, shift=0.1 * UP) for b in self.bars), FadeIn(self.word_labels), run_time=1.0)
        if m.unknown_words:
            self.play(FadeIn(self.unknown_note), run_time=0.4)
        self.wait(1.2)

    def smooth(self) -> None:
        m = self.model
        says = smoothing_captions(m)
        smoothed = VGroup(*(VGroup(self.bar(k, 0, e.p_spam), self.bar(k, 1, e.p_ham))
                            for k, e in enumerate(m.evidence)))
        if not says:  # every word was seen in both classes: smoothing only nudges the bars
            if m.alpha > 0:
                self.caption(T("naive-bayes.smoothing_nudges", "Laplace smoothing adds α = {alpha} to every count, "
                               "so no word's likelihood is ever 0.", alpha=m.alpha))
                self.play(Transform(self.bars, smoothed), run_time=1.2)
                self.wait(1.2)
            return
        k = next(i for i, e in enumerate(m.evidence) if e.word == m.smoothing_word)
        e = m.evidence[k]
        which = 0 if e.spam_count == 0 else 1
        self.caption(says[0])
        ring = self.word_labels[k].copy()
        self.play(self.word_labels[k].animate.scale(1.15), run_time=0.4)
        self.play(self.word_labels[k].animate.become(ring), run_time=0.3)
        self.wait(1.4)
        self.caption(says[1])
        if m.alpha > 0:
            count = e.spam_count if which == 0 else e.ham_count
            total = m.spam_words if which == 0 else m.ham_words
            p = e.p_spam if which == 0 else e.p_ham
            cls = "spam" if which == 0 else "ham"
            self.smooth_row = style.text(f"P({e.word} | {cls}) = {fraction(count, total, m.alpha, m.vocabulary_size)}"
                                         f" = {num(p, 3)}", size=style.SMALL_SIZE, color=style.ACCENT)
            style.fit_width(self.smooth_row, self.area[1] - self.area[0] - 0.75)  # the axes' width, not its numbers
            target = smoothed[k][which]
            self.smooth_row.next_to(np.array([self.area[0] + 0.75, self.new_message.get_bottom()[1] - 0.15, 0]),
                                    DOWN + RIGHT, buff=0)
            self.play(Transform(self.bars, smoothed), FadeOut(self.unknown_note), FadeOut(self.key),
                      FadeIn(self.smooth_row), run_time=1.0)
            self.pointer = Arrow(self.smooth_row.get_bottom() + 0.05 * DOWN, target.get_top() + 0.05 * UP, buff=0.05,
                                 color=style.ACCENT, stroke_width=3, max_tip_length_to_length_ratio=0.2)
            if self.pointer.get_length() > 0.3:
                self.play(GrowArrow(self.pointer), run_time=0.5)
            self.wait(1.0)
        else:
            self.wait(1.8)

    def explain_no_evidence(self) -> None:
        """Each word of the message with its counts, 0 | 0: never seen, so no evidence either way."""
        m = self.model
        chips = VGroup()
        for w in m.unknown_words[:MAX_LISTED]:
            counts = charts.row(style.text("0", size=style.SMALL_SIZE, color=style.HIGHLIGHT),
                                style.text("|", size=style.SMALL_SIZE, color=style.MUTED),
                                style.text("0", size=style.SMALL_SIZE, color=style.POSITIVE), buff=0.08)
            chips.add(VGroup(style.text(w, size=style.LABEL_SIZE, color=style.MUTED), counts).arrange(DOWN, buff=0.1))
        note_words = (T("naive-bayes.times_seen", "times seen in spam | in ham") if len(chips)
                      else T("naive-bayes.empty_message", "(no words)"))
        note = style.text(note_words, size=style.SMALL_SIZE, color=style.MUTED)
        chips.arrange(RIGHT, buff=0.6)
        block = VGroup(chips, note).arrange(DOWN, buff=0.25) if len(chips) else VGroup(note)
        style.fit_width(block, self.area[1] - self.area[0])
        block.next_to(np.array([(self.area[0] + self.area[1]) / 2, self.new_message.get_bottom()[1] - 0.5, 0]),
                      DOWN, buff=0)
        self.no_evidence_block = block
        self.caption(no_evidence_caption(m))
        self.play(FadeIn(block, shift=0.1 * UP), FadeIn(self.rows[1], shift=0.2 * DOWN), run_time=0.8)
        self.wait(1.6)
        self.caption(T("naive-bayes.none_to_multiply", "Naive Bayes multiplies in each known word's evidence; here "
                       "there is none to multiply."))
        self.play(Write(self.naive), run_time=1.0)
        self.wait(1.4)

    def say_naive(self) -> None:
        self.caption(T("naive-bayes.naive", "Naive: words are treated as independent given the class, so their "
                       "evidence multiplies."))
        self.play(Write(self.naive), run_time=1.0)
        self.wait(1.6)

    # --- bottom right: the log-odds adding up --------------------------------------------------------------

    def ledger_layout(self) -> None:
        m = self.model
        self.line_left, self.line_right = self.area[0] + 1.6, self.area[1] - 1.05
        values = [v for v in m.running_log_odds if v is not None and math.isfinite(v)] + [0.0]
        lo, hi = min(values), max(values)
        if hi - lo < 2.0:  # a short range would make the first arrow look huge: show at least 2 units
            mid = (hi + lo) / 2
            lo, hi = mid - 1.0, mid + 1.0
        pad = 0.12 * (hi - lo)
        self.lo_range = (lo - pad, hi + pad)
        n_rows = len(m.evidence) + 1
        # below the bars' word labels (about 0.75 tall), or under the new message when there are no bars
        top = (self.bar_base - 1.0) if m.evidence else (self.no_evidence_block.get_bottom()[1] - 0.6)
        bottom = self.area_box[2] + 0.6
        self.row_h = min(0.4, (top - bottom) / max(n_rows, 1))
        self.ledger_top = top

    def lo_x(self, v: float) -> float:
        a, b = self.lo_range
        v = min(max(v, a), b)
        return self.line_left + (v - a) / (b - a) * (self.line_right - self.line_left)

    def row_y(self, k: int) -> float:
        return self.ledger_top - (k + 0.5) * self.row_h

    def add_up_log_odds(self) -> None:
        m = self.model
        self.ledger_layout()
        bottom_y = self.row_y(len(m.evidence)) - 0.5 * self.row_h - 0.05
        axis = Line(np.array([self.line_left, bottom_y, 0]), np.array([self.line_right, bottom_y, 0]),
                    color=style.MUTED, stroke_width=2)
        ticks = VGroup()
        for v in tick_values(self.lo_range, 5):
            p = np.array([self.lo_x(v), bottom_y, 0])
            ticks.add(Line(p, p + 0.08 * DOWN, color=style.MUTED, stroke_width=2))
            ticks.add(style.math(*tick_text(v), size=style.SMALL_SIZE - 2, color=style.MUTED)
                      .next_to(p, DOWN, buff=0.1))
        even = DashedLine(np.array([self.lo_x(0), bottom_y, 0]), np.array([self.lo_x(0), self.ledger_top, 0]),
                          color=style.MUTED, stroke_width=1.5, dash_length=0.08)
        name = style.text(T("naive-bayes.log_odds_axis", "log-odds\nof spam"), size=style.SMALL_SIZE,
                          color=style.MUTED)
        # two lines in any language: as wide as the room left of the line, and above the caption's band
        style.fit_into(name, self.line_left - self.area[0] - 0.1, bottom_y - 0.1 - (self.area_box[2] + 0.05))
        name.next_to(np.array([self.area[0], bottom_y - 0.05, 0]), DOWN + RIGHT, buff=0)
        self.axis_group = VGroup(axis, ticks, even, name)
        if m.evidence:
            self.caption(T("naive-bayes.logs_add", "In logs the evidence adds: each word adds "
                           "log(P(word | spam) / P(word | ham))."))
        else:
            self.caption(T("naive-bayes.stays_at_prior", "So the log-odds stay at the prior's: log({spam} / {ham}) = "
                           "{log_odds}.", spam=m.n_spam, ham=m.n_ham, log_odds=num(m.prior_log_odds)))
        self.play(Create(axis), FadeIn(ticks), Create(even), FadeIn(name), run_time=0.8)
        rows = [(T("naive-bayes.prior_row", "prior"), m.prior_log_odds, 0.0, m.prior_log_odds)]
        for k, e in enumerate(m.evidence):
            start, end = m.running_log_odds[k], m.running_log_odds[k + 1]
            word = e.word if e.times == 1 else f"{e.word} ×{e.times}"
            rows.append((word, e.contribution, start, end))
        self.ledger = VGroup()
        for k, (word, amount, start, end) in enumerate(rows):
            self.ledger.add(self.ledger_row(k, word, amount, start, end))
        beat = 0.7 if len(rows) <= 5 else 0.45
        for row in self.ledger:
            self.play(*(GrowArrow(p) if isinstance(p, Arrow) else FadeIn(p) for p in row), run_time=beat)
        self.wait(0.8)

    def ledger_row(self, k: int, word: str, amount: float | None, start: float | None, end: float | None) -> VGroup:
        y = self.row_y(k)
        colour = style.MUTED if amount is None else (style.HIGHLIGHT if amount >= 0 else style.POSITIVE)
        if k == 0:
            colour = style.TEXT
        if word == self.model.smoothing_word:
            colour = style.ACCENT
        label = style.text(word, size=style.SMALL_SIZE, color=colour)
        style.fit_width(label, self.line_left - self.area[0] - 0.25)
        label.move_to(np.array([0, y, 0])).align_to(np.array([self.area[0], 0, 0]), LEFT)
        value = style.text("?" if amount is None else signed(amount), size=style.SMALL_SIZE, color=colour)
        value.move_to(np.array([0, y, 0])).align_to(np.array([self.area[1], 0, 0]), RIGHT)
        parts = VGroup(label, value)
        if start is None or (start is not None and math.isinf(start)):
            return parts  # already undefined or infinite: nothing more to draw
        a = np.array([self.lo_x(start), y, 0])
        b = np.array([self.lo_x(end if end is not None else start), y, 0])
        if end is None:
            return parts
        if np.linalg.norm(b - a) > 0.12:
            parts.add(Arrow(a, b, buff=0, color=colour, stroke_width=5, max_tip_length_to_length_ratio=0.35,
                            max_stroke_width_to_length_ratio=10))
        else:
            parts.add(Dot(b, radius=0.06, color=colour))
        return parts

    def read_posterior(self) -> None:
        m = self.model
        says = posterior_captions(m)
        final = m.log_odds
        marks = []
        if final is not None:
            y = self.row_y(len(m.evidence))
            marker = Dot(np.array([self.lo_x(final), y, 0]), radius=0.1, color=style.VECTOR)
            marks.append(FadeIn(marker, scale=2))
        self.caption(says[0])
        self.play(FadeIn(self.rows[3], shift=0.2 * DOWN), *marks, run_time=0.8)
        self.wait(2.2)
        self.caption(T("naive-bayes.summary", "Naive Bayes multiplies each word's evidence as if the words were "
                       "independent."))
        self.wait(2.2)
