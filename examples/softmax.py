"""A scene of your own, complete: softmax turns any scores into probabilities.

Render it like any scene of the catalog (poster, subtitles, manifest, gallery card)::

    python render.py render examples/softmax.py:Softmax -q l
    python render.py render examples/softmax.py:Softmax --set 'scores=[3,1,-2]' --set temperature=0.5
    python render.py describe examples/softmax.py:Softmax
    manim -ql examples/softmax.py Softmax

The file has the three parts every scene has: the parameters (typed, with
help and bounds), the math model (plain numpy: every number on screen comes
from it), and the storyboard (one short method per step, one idea each).
Every word on screen is a message, ``T("softmax.<key>", "English {number}",
number=...)``, so the scene speaks every shipped language (``--set lang=de``);
its translations are in ``intuition/locale/<lang>/LC_MESSAGES/examples.po``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated

import numpy as np
from manim import DOWN, UP, FadeIn, FadeTransform, Transform, VGroup, config
from pydantic import field_validator, model_validator

from intuition.words import N_, T, num
from scenes.kit import (
    Caption,
    IntuitionScene,
    SceneParams,
    SceneSpec,
    bars,
    chart_axes,
    number_rule,
    param,
    style,
)

# --- parameters ------------------------------------------------------------------------


class SoftmaxParams(SceneParams):
    scores: list[float] = param([2.0, 1.0, 0.1, -1.0], "the model's raw scores, one per class",
                                allowed="2 to 6 numbers, -5..5")
    labels: list[str] = param(["cat", "dog", "fox", "owl"], "a short name per class, as many as scores",
                              allowed="1 to 8 characters each")
    temperature: Annotated[float, number_rule(0.1, 10)] = param(1.0, "divides the scores first: low is sharp, "
                                                                "high is flat", allowed="0.1..10")
    title: Caption = param("", "title override; empty uses the scene's own")

    @field_validator("scores")
    @classmethod
    def scores_in_range(cls, scores: list[float]) -> list[float]:
        if not 2 <= len(scores) <= 6 or any(not math.isfinite(s) or abs(s) > 5 for s in scores):
            raise ValueError("must be 2 to 6 numbers between -5 and 5, like [2, 1, 0.1]")
        return scores

    @field_validator("labels")
    @classmethod
    def labels_short(cls, labels: list[str]) -> list[str]:
        if any(not 1 <= len(s) <= 8 for s in labels):
            raise ValueError("each must be 1 to 8 characters, like \"cat\"")
        return labels

    @model_validator(mode="after")
    def one_label_per_score(self) -> SoftmaxParams:
        if len(self.labels) != len(self.scores):
            raise ValueError(f"parameter 'labels': give one per score ({len(self.scores)}), got {len(self.labels)}")
        return self


# --- the math model --------------------------------------------------------------------


@dataclass(frozen=True)
class SoftmaxModel:
    labels: tuple[str, ...]
    scores: tuple[float, ...]
    temperature: float
    exponentials: tuple[float, ...]  # e^(score / T)
    total: float  # their sum
    probabilities: tuple[float, ...]  # e^(score / T) / total: they add up to 1
    winner: str  # the class with the largest probability


def softmax(p: SoftmaxParams) -> SoftmaxModel:
    s = np.asarray(p.scores, dtype=float) / p.temperature
    e = np.exp(s)  # scores are at most 5 / 0.1 = 50: e^50 is still a float
    probs = e / e.sum()
    return SoftmaxModel(labels=tuple(p.labels), scores=tuple(p.scores), temperature=p.temperature,
                        exponentials=tuple(float(v) for v in e), total=float(e.sum()),
                        probabilities=tuple(float(v) for v in probs), winner=p.labels[int(np.argmax(probs))])


# --- the storyboard ----------------------------------------------------------------------


class Softmax(IntuitionScene):
    """Scores of any size and sign become positive numbers that add up to 1."""

    spec = SceneSpec(
        name="softmax",
        title=N_("softmax.title", "Softmax: scores become probabilities"),
        concept="softmax: exponentiate every score, then divide by the total",
        family="examples",
        params=SoftmaxParams,
        model=softmax,
    )

    def construct(self) -> None:
        self.show_scores()
        self.exponentiate()
        self.divide_by_total()
        self.read_temperature()
        self.wait(1.5)

    def chart(self, heights, top: float) -> tuple:
        """Axes from 0 to ``top`` and one bar per class, with the class names under them."""
        n = len(heights)
        width, height = min(9.0, 1.6 * n + 1.5), self.content_top - self.content_bottom - 1.6
        # a narrow frame (9:16) keeps room on the left for the y numbers and the axis name
        room, x = 1.2, 0.0
        if width > config.frame_width - 2 * style.EDGE - room:
            width, x = config.frame_width - 2 * style.EDGE - room, room / 2
        axes = chart_axes((0, n), (0, top), width=width, height=height, x_ticks=n, y_ticks=4)
        axes.x_axis.numbers.set_opacity(0)  # the classes are named below instead
        axes.move_to(np.array([x, (self.content_top + self.content_bottom) / 2 + 0.1, 0.0]))
        group = bars(axes, np.arange(n + 1), heights, style.HIGHLIGHT)
        return axes, group

    def values_over(self, group: VGroup, values, decimals: int = 2) -> VGroup:
        out = VGroup()
        for bar, v in zip(group, values):
            out.add(style.text(num(v, decimals), size=style.SMALL_SIZE).next_to(bar, UP, buff=0.1))
        return out

    def show_scores(self) -> None:
        m = self.model
        self.show_title()
        self.names = VGroup(*[style.text(name, size=style.LABEL_SIZE) for name in m.labels])
        self.scores_row = VGroup(*[style.text(num(s), size=style.LABEL_SIZE, color=style.VECTOR) for s in m.scores])
        self.caption(T("softmax.raw_scores", "A model's raw scores can be any size and any sign: they are not "
                       "probabilities yet."))
        self.axes, self.bars = self.chart(m.exponentials, max(m.exponentials) * 1.15)
        for name, score, bar in zip(self.names, self.scores_row, self.bars):
            name.next_to(bar, DOWN, buff=0.45).set_x(bar.get_x())
            score.move_to(bar.get_bottom() + 0.9 * UP)
        self.play(FadeIn(self.names), FadeIn(self.scores_row), run_time=1.0)
        self.wait(1.0)

    def exponentiate(self) -> None:
        m = self.model
        # one whole sentence per case, so each language can say it its own way
        if m.temperature != 1:
            self.caption(T("softmax.exponentiate_t", "Step 1: divide each score by T = {t}, then raise e to it: all "
                           "positive now, and the largest grows fastest.", t=m.temperature))
            label = style.math("e^(s \\/ T)", r"e^{s/T}", color=style.HIGHLIGHT)
        else:
            self.caption(T("softmax.exponentiate", "Step 1: raise e to each score: all positive now, and the largest "
                           "grows fastest."))
            label = style.math("e^s", "e^s", color=style.HIGHLIGHT)
        label.next_to(self.axes, UP, buff=0.1).align_to(self.axes, np.array([-1, 0, 0]))
        self.exp_values = self.values_over(self.bars, m.exponentials)
        self.play(FadeIn(self.axes), FadeIn(label), FadeTransform(self.scores_row, self.bars), run_time=1.2)
        self.play(FadeIn(self.exp_values), run_time=0.6)
        self.rule = label
        self.wait(1.0)

    def divide_by_total(self) -> None:
        m = self.model
        self.caption(T("softmax.divide", "Step 2: divide each by their total, {total}: the bars now add up to "
                       "exactly 1.", total=m.total))
        axes, probs = self.chart(m.probabilities, 1.0)
        shares = self.values_over(probs, m.probabilities)
        total = T("softmax.total", "total")  # a word inside a formula is a message too
        label = style.math(f"e^s \\/ \"{total}\"", rf"e^s / \text{{{total}}}", color=style.HIGHLIGHT)
        label.next_to(axes, UP, buff=0.1).align_to(axes, np.array([-1, 0, 0]))
        self.play(Transform(self.axes, axes), Transform(self.bars, probs), FadeTransform(self.exp_values, shares),
                  FadeTransform(self.rule, label), run_time=1.5)
        self.wait(1.5)

    def read_temperature(self) -> None:
        m = self.model
        self.caption(T("softmax.answer", "The model's answer: {winner}, with probability {p}.", winner=m.winner,
                       p=max(m.probabilities)))
        self.wait(1.5)
        if m.temperature < 1:
            self.caption(T("softmax.sharpens", "A temperature below 1 (here {t}) sharpens the choice.",
                           t=m.temperature))
        elif m.temperature > 1:
            self.caption(T("softmax.flattens", "A temperature above 1 (here {t}) flattens it toward equal shares.",
                           t=m.temperature))
        else:
            self.caption(T("softmax.temperature", "Divide the scores by a temperature first: below 1 sharpens the "
                           "choice, above 1 flattens it."))
        self.wait(2.0)
