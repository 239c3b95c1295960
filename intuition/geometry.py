"""Small plane geometry shared by the models and the storyboards."""

from __future__ import annotations

from collections.abc import Iterable


def clip_range(constraints: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """Liang-Barsky clipping: the part of t in [0, 1] where every ``p * t <= q`` holds (None: none).

    A segment a + t (b - a) inside a half-plane is one such constraint; a
    box is four, a horizontal band two.
    """
    t0, t1 = 0.0, 1.0
    for p, q in constraints:
        if abs(p) < 1e-15:
            if q < 0:
                return None  # parallel to this edge and outside it
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return t0, t1
