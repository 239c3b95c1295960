"""Each caption step of every scene ends on a picture: its storyboard panel (the last frame before the
next caption) shows more than the title and the caption.

covariance's variance step ended on an empty frame: the number line faded out before the scatter's caption
came up, so the panel that reads "Variance is the average area of these squares: 1" showed nothing."""

from __future__ import annotations

import pytest

from intuition import catalog
from scene_checks import build_scene, visible_parts
from scenes.base import IntuitionScene


def _empty_steps(name: str) -> list[str]:
    empty: list[str] = []

    def step(scene) -> None:
        if not scene.captions:
            return
        own = set(scene._caption_mob.get_family()) if scene._caption_mob is not None else set()
        title = getattr(scene, "_title_mob", None)
        own |= set(title.get_family()) if title is not None else set()
        if not [m for m in visible_parts(scene) if m not in own]:
            empty.append(scene.captions[-1].text)

    previous = IntuitionScene.step_hook
    IntuitionScene.step_hook = step
    try:
        build_scene(name, fresh=True)
    finally:
        IntuitionScene.step_hook = previous
    return empty


@pytest.mark.parametrize("name", sorted(catalog.SCENES))
def test_every_step_ends_on_a_picture(name):
    assert _empty_steps(name) == []
