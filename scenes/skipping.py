"""Skipped plays without the copies: an animation that ends where it started jumps there.

When a play is skipped (a preview, a dry pass, the plays before a chunk), manim
still begins every animation, which copies its mobject (twice for a fade) and
aligns the copies, interpolates it to its end and cleans up. For a FadeIn, a
FadeOut or a Create the end is the mobject exactly as it was (only added to
the scene, or taken off it), so those skip straight there; what is left is
what a finished animation leaves behind: its mobject's updaters suspended
during the play and run once when it ends, and the mobject added or removed.
Those are the fades and draws behind most of a skipped build's copies.
"""

from __future__ import annotations

import types

from manim import Create, FadeIn, FadeOut
from manim.animation.animation import Animation

# exact types: a subclass may end elsewhere
ENDS_AS_IT_STARTS = (FadeIn, FadeOut, Create)


def jump_to_end(animation: Animation) -> None:
    """Make a skipped ``animation`` (of a type in ENDS_AS_IT_STARTS) copy and interpolate nothing."""
    mobject, suspend = animation.mobject, animation.suspend_mobject_updating

    def begin() -> None:
        if suspend:
            mobject.suspend_updating()

    def finish() -> None:
        if suspend:
            mobject.resume_updating()

    animation.begin, animation.finish = begin, finish
    animation.interpolate = animation.update_mobjects = lambda _value: None
    # Animation's own clean-up (its on-finish call, a remover taken off the scene); a FadeOut's
    # also puts its mobject back as it started, which here it still is
    animation.clean_up_from_scene = types.MethodType(Animation.clean_up_from_scene, animation)
