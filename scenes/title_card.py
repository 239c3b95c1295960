"""A title card: the short still between the clips of a joined lesson video.

Not a catalog scene (it teaches nothing by itself): the production layer renders
it for ``render --config lesson.toml --join``, with the same quality, size and
encoder as the clips, so the lesson is joined without re-encoding any of them.
"""

from __future__ import annotations

from manim import DOWN, FadeIn, VGroup

from intuition.params import Caption, SceneParams, param
from intuition.words import N_
from scenes import style
from scenes.base import IntuitionScene
from scenes.kit import SceneSpec


class TitleCardParams(SceneParams):
    heading: Caption = param("", "the clip's title, large")
    kicker: Caption = param("", "a line above it (the lesson's title, or 'Part 2 of 5')")


def _no_model(params: TitleCardParams) -> dict:
    return {}


class TitleCard(IntuitionScene):
    spec = SceneSpec(
        name="title-card",
        title=N_("title-card.title", "Title card"),
        concept="the still between a lesson's clips",
        family="lesson",
        params=TitleCardParams,
        model=_no_model,
    )
    SECONDS = 2.0

    def construct(self) -> None:
        width = style.frame_size()[0] - 4 * style.EDGE
        heading = style.wrapped(self.params.heading or " ", width, size=44, two_line_size=36, weight="BOLD")
        rows = [heading]
        if self.params.kicker:
            rows.insert(0, style.wrapped(self.params.kicker, width, size=26, two_line_size=22))
            rows[0].set_color(style.MUTED)
        card = VGroup(*rows).arrange(DOWN, buff=0.35)
        self.play(FadeIn(card), run_time=0.4)
        self.wait(self.SECONDS - 0.4)
