"""Which mobjects a play redraws in every frame.

manim draws the mobjects that stay still once, into a background, and redraws
the rest in every frame: each mobject from the first one that moves, in drawing
order, on (what is drawn after a moving mobject covers it, so it is redrawn
too). It counts a group as moving when any of its members moves, so the still
members a group holds before its first moving one were redrawn in every frame
as well. Starting at the first mobject that moves itself draws the same frames,
in the same order, for less. (In our 2-D scenes this changes a few plays of
chain-rule, backprop, naive-bayes, regression and bayes: most of what a frame
redraws lies above a mover and must be redrawn; scenes.kept_paths makes that
cheap.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from manim import Animation, AnimationGroup, Mobject


def from_first_mover(mobjects: Sequence[Mobject], animations: Iterable[Animation],
                     foreground: Iterable[Mobject]) -> list[Mobject]:
    """``mobjects`` (in drawing order) from the first one that an animation moves, that has
    an updater or that stays in front, on."""
    animated, front = set(_animated(animations)), set(foreground)
    first = next((i for i, m in enumerate(mobjects) if m in animated or m.updaters or m in front), len(mobjects))
    return list(mobjects[first:])


def _animated(animations: Iterable[Animation]) -> list[Mobject]:
    # as manim's Scene.get_moving_mobjects: an animation group's own mobject and its members'
    mobjects: list[Mobject] = []
    for animation in animations:
        mobjects.extend(animation.mobject.get_family())
        if isinstance(animation, AnimationGroup):
            mobjects.extend(_animated(animation.animations))
    return mobjects
