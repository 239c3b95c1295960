"""The shapes a clip can have, and the frame each gives the scene.

The quality preset names the short side in pixels (``-q l``: 480), the
aspect the long one: ``-q l`` at 9:16 is 480x854, ``-q h`` at 1:1 is
1080x1080. The scene's frame keeps 8 units on its short side whatever the
shape, so a word or a dot is the same size on screen in every aspect, and a
portrait frame is 8 units wide and 14.2 high.
"""

from __future__ import annotations

ASPECTS: dict[str, tuple[int, int]] = {"16:9": (16, 9), "9:16": (9, 16), "1:1": (1, 1), "4:3": (4, 3)}
DEFAULT_ASPECT = "16:9"
SHORT_SIDE_UNITS = 8.0


def check_aspect(value: object) -> str:
    text = value.strip().replace("/", ":").replace("x", ":") if isinstance(value, str) else None
    if text not in ASPECTS:
        raise ValueError(f"must be one of {', '.join(ASPECTS)} (got {value!r})")
    return text


def _even(x: float) -> int:
    return int(round(x / 2)) * 2


def pixel_size(aspect: str, short_side: int) -> tuple[int, int]:
    """Width and height in pixels (even, as yuv420p needs) of a frame ``short_side`` pixels on its short side."""
    w, h = ASPECTS[aspect]
    if w >= h:
        return _even(short_side * w / h), short_side
    return short_side, _even(short_side * h / w)


def aspect_of(width: int, height: int) -> str | None:
    """The aspect a frame of ``width`` x ``height`` pixels has (within rounding), or None."""
    for name, (w, h) in ASPECTS.items():
        if abs(width / height - w / h) <= 0.01:
            return name
    return None


def frame_units(width: int, height: int) -> tuple[float, float]:
    """The scene's frame, in manim units, for a picture of ``width`` x ``height`` pixels."""
    if width >= height:
        return SHORT_SIDE_UNITS * width / height, SHORT_SIDE_UNITS
    return SHORT_SIDE_UNITS, SHORT_SIDE_UNITS * height / width
