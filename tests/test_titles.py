"""Long titles and captions wrap instead of shrinking to a thin line (issue 14.5)."""

from __future__ import annotations

import pytest
from manim import tempconfig

from scenes import style

LONG = "How a matrix moves every point of the plane, and what its determinant says about area"


def letter_height(mob) -> float:
    """The height of the first line's capital letter: what the eye reads as the size of the words."""
    first = mob[0] if getattr(mob, "lines", 1) > 1 else mob
    return first[0].height


@pytest.mark.parametrize(("size", "lines"), [((854, 480), 2), ((480, 854), 3)])
def test_a_long_title_or_caption_wraps_and_stays_readable(size, lines):
    from intuition.aspects import frame_units

    w, h = frame_units(*size)
    with tempconfig({"pixel_width": size[0], "pixel_height": size[1], "frame_width": w, "frame_height": h}):
        short = style.title("Determinant")[1]
        long = style.title(LONG)[1]
        caption = style.caption(LONG + ", and why a negative one flips it over")[1]
        assert long.lines >= 2 and caption.lines >= 2
        assert max(long.lines, caption.lines) == lines
        # shrinking the long title onto one line would leave its letters about a third as high
        assert letter_height(long) >= 0.6 * letter_height(short)
        assert long.width <= w - 2 * style.EDGE + 1e-6 and caption.width <= w + 1e-6
