"""Video -> GIF sized for a web page.

manim's own GIF output quantises every frame to its own palette, stores every
pixel of every frame and rounds each delay down to whole centiseconds (a 16 s
clip at 854x480 came out at 40 MB and played 0.8 s too long). Here instead:

* the video is resampled to a lower frame rate (``GIF_FPS``) by taking the frame
  on screen at each output time k/fps;
* all frames share ONE global palette, built from a sample of frames spread
  over the whole clip (the colours of large flat areas exactly, the rest by a
  median cut that does not let the background crowd out small saturated
  shapes), and are mapped to it without dithering, so a flat area keeps the same
  palette index from frame to frame;
* codec noise is held back: a pixel whose colour moved by no more than a few
  levels since it was last written keeps its previous index, so an unchanged
  area really is unchanged in the GIF;
* frame differencing: Pillow stores only the rectangle that changed since the
  previous frame (``disposal=1``), with the unchanged pixels inside it set to a
  spare transparent index, and consecutive identical frames become one frame
  with a longer delay;
* delays are whole centiseconds taken as differences of the rounded cumulative
  times, so the total matches the video's duration to within 10 ms, with no
  drift however long the clip.

PyAV, numpy and Pillow only; no manim import.
"""

from __future__ import annotations

import bisect
import math
import os
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

GIF_FPS = 10
GIF_COLORS = 256  # palette size, including the transparent entry if any
PALETTE_SAMPLES = 16  # frames looked at to build the palette
NOISE_LEVEL = 6  # colour change (per channel, 0-255) treated as codec noise
ALPHA_CUTOFF = 128  # alpha below this -> the transparent index
FLAT_SHARE = 16  # up to 1/16 of the palette: exact colours of large flat areas
FLAT_FRACTION = 0.002  # ... each covering at least 0.2% of the sampled pixels
MONTAGE_PIXELS = 2_000_000  # pixels the median cut looks at, at most (about)
WEIGHT_POWER = 0.5  # a colour counts as (its pixel count) ** WEIGHT_POWER
MAX_FPS = 50  # browsers play a delay under 2 cs as 10 cs


def mp4_to_gif(
    src: Path, dest: Path, fps: float | None = GIF_FPS, transparent: bool = False, colors: int = GIF_COLORS
) -> Path:
    """Convert the video ``src`` to an animated GIF at ``dest`` and return ``dest``.

    ``fps``: output frame rate; ``None`` (or a rate at or above the source's)
    keeps every source frame (a source above 50 fps is resampled to 50: browsers
    slow down shorter delays). ``transparent``: keep the alpha channel of an rgba
    source, as one transparent palette index (alpha < 128 -> transparent); frames
    are then drawn on a cleared canvas (``disposal=2``), cropped to their content.
    ``colors``: palette size (2-256).

    The GIF is written to a temporary file beside ``dest`` and renamed into place,
    so ``dest`` is either the whole new GIF or untouched. Raises if ``src`` cannot
    be decoded or has no frames.
    """
    from PIL import Image

    src, dest = Path(src), Path(dest)
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be between 2 and 256, not {colors}")
    if fps is not None and not fps > 0:
        raise ValueError(f"fps must be positive, not {fps}")

    times, frame_dur, samples = _scan(src, transparent)
    duration = times[-1] + frame_dur
    hold = _schedule(times, frame_dur, duration, fps)  # source index -> centiseconds

    palette, transparent_index = _build_palette(samples, colors, transparent)
    palette_image = Image.new("P", (1, 1))
    # quantise to the opaque entries only; the transparent one is set from alpha
    opaque = palette if transparent_index is None else palette[: 3 * transparent_index]
    palette_image.putpalette(opaque)
    frames: list[np.ndarray] = []  # palette indices of each GIF frame
    delays: list[int] = []  # centiseconds
    previous_index: np.ndarray | None = None
    reference: np.ndarray | None = None  # colour each pixel had when its index was set
    for i, pixels in _decode(src, transparent, keep=hold):
        if pixels is None:
            continue
        index, rgb = _quantise(pixels, palette_image, transparent_index)
        if previous_index is None or reference is None:
            reference = rgb.reshape(-1, 3).astype(np.int16)
        else:
            _hold_noise(index, previous_index, rgb, reference, transparent_index)
        if frames and np.array_equal(index, frames[-1]):
            delays[-1] += hold[i]
        else:
            frames.append(index)
            delays.append(hold[i])
        previous_index = index

    images = []
    for index in frames:
        image = Image.fromarray(index, "P")
        image.putpalette(palette)
        images.append(image)
    del frames, previous_index, reference
    options: dict[str, Any] = {
        "save_all": True,
        "append_images": images[1:],
        "duration": [10 * d for d in delays],
        "loop": 0,
        "interlace": False,
        "palette": bytes(palette),
        "disposal": 1,
        # With a palette given, Pillow leaves it alone for every frame; "optimize" then
        # only fills the unchanged pixels inside each frame's changed rectangle with a
        # spare (transparent) index, which LZW packs into long runs.
        "optimize": True,
    }
    if transparent_index is not None:
        # a pixel can turn transparent: each frame is drawn on a cleared canvas
        options.update(disposal=2, transparency=transparent_index)
    _write_atomically(images[0], dest, options)
    return dest


def gif_duration(path: Path) -> float:
    """Seconds one loop of the GIF at ``path`` plays: the sum of its frame delays."""
    from PIL import Image, ImageSequence

    with Image.open(path) as image:
        return sum(frame.info.get("duration", 0) for frame in ImageSequence.Iterator(image)) / 1000


def gif_frame_count(path: Path) -> int:
    from PIL import Image

    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


# --------------------------------------------------------------------------- decoding


def _decode(src: Path, transparent: bool, keep: dict[int, int] | None = None):
    """(index, pixels) of the source frames, rgb24 (rgba if ``transparent``); only
    the indices in ``keep`` are converted to arrays when it is given."""
    import av

    fmt = "rgba" if transparent else "rgb24"
    with av.open(str(src)) as container:
        if not container.streams.video:
            raise ValueError(f"{src}: no video stream")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for i, frame in enumerate(container.decode(stream)):
            if keep is None or i in keep:
                yield i, frame.to_ndarray(format=fmt)
            else:
                yield i, None


def _scan(src: Path, transparent: bool) -> tuple[list[Fraction], Fraction, list[np.ndarray]]:
    """First pass: each frame's time (seconds from the first frame), one frame's
    duration, and up to PALETTE_SAMPLES frames spread evenly over the clip."""
    import av

    times: list[Fraction] = []
    samples: list[tuple[int, np.ndarray]] = []
    stride = 1
    fmt = "rgba" if transparent else "rgb24"
    with av.open(str(src)) as container:
        if not container.streams.video:
            raise ValueError(f"{src}: no video stream")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        rate = stream.average_rate or stream.guessed_rate
        start = None
        for i, frame in enumerate(container.decode(stream)):
            if frame.pts is not None and frame.time_base is not None:
                t = Fraction(frame.pts) * Fraction(frame.time_base)
            elif rate:
                t = Fraction(i) / Fraction(rate)
            else:
                raise ValueError(f"{src}: frames have no timestamps")
            if start is None:
                start = t
            times.append(t - start)
            if i % stride == 0:
                samples.append((i, frame.to_ndarray(format=fmt)))
                if len(samples) > 2 * PALETTE_SAMPLES:
                    stride *= 2
                    samples = [(j, a) for j, a in samples if j % stride == 0]
    if not times:
        raise ValueError(f"{src}: no video frames")
    if rate:
        frame_dur = 1 / Fraction(rate)
    elif len(times) > 1:
        frame_dur = Fraction(float(np.median(np.diff(np.array(times, dtype=float)))))
    else:
        frame_dur = Fraction(1, 10)
    step = max(1, math.ceil(len(samples) / PALETTE_SAMPLES))
    return times, frame_dur, [a for _, a in samples[::step]]


def _schedule(times: list[Fraction], frame_dur: Fraction, duration: Fraction, fps: float | None) -> dict[int, int]:
    """How long each shown source frame stays on screen, in whole centiseconds.

    Output frame k starts at k/fps (or at each source frame's own time when every
    frame is kept; never faster than MAX_FPS) and shows the source frame on screen
    then. Delays are the differences of the cumulative times rounded to
    centiseconds, so they add up to round(100 * duration) exactly."""
    rate = 1 / frame_dur
    if (fps is None or Fraction(fps) >= rate) and rate <= MAX_FPS:
        starts = list(times)
        shown = list(range(len(times)))
    else:
        step = 1 / min(Fraction(fps or rate).limit_denominator(1000), Fraction(MAX_FPS))
        tolerance = min(Fraction(1, 1000), frame_dur / 10)  # pts rounding
        n = math.ceil(duration / step)
        starts = [k * step for k in range(n)]
        shown = [max(0, bisect.bisect_right(times, t + tolerance) - 1) for t in starts]
    hold: dict[int, int] = {}
    ends = [*starts[1:], duration]
    for start, end, i in zip(starts, ends, shown, strict=True):
        cs = round(100 * end) - round(100 * start)
        if cs > 0:
            hold[i] = hold.get(i, 0) + cs
    if not hold:  # a clip shorter than 5 ms
        hold[shown[0]] = 1
    return hold


# --------------------------------------------------------------------------- palette


def _build_palette(samples: list[np.ndarray], colors: int, transparent: bool) -> tuple[bytes, int | None]:
    """One palette for the whole clip, from the pixels of the sampled frames.

    Counting pixels would give nearly every entry to the dark background and its
    codec noise, and wash out the small saturated shapes (arrows, dots). So: the
    few colours covering large flat areas (background, text, grid) are entries as
    they are, exactly; the other colours are median-cut with each distinct colour
    weighted by the square root of its pixel count.

    Returns the palette (distinct RGB triples) and the transparent index (an
    extra last entry) or None."""
    from PIL import Image

    pixels = []
    for frame in samples:
        if transparent:
            pixels.append(frame[..., :3][frame[..., 3] >= ALPHA_CUTOFF])
        else:
            pixels.append(frame.reshape(-1, 3))
    flat = np.concatenate(pixels) if pixels else np.zeros((0, 3), np.uint8)
    if len(flat) == 0:
        flat = np.zeros((1, 3), np.uint8)
    wanted = colors - 1 if transparent else colors
    packed = (flat[:, 0].astype(np.uint32) << 16) | (flat[:, 1].astype(np.uint32) << 8) | flat[:, 2]
    distinct, counts = np.unique(packed, return_counts=True)
    rgb = np.stack([(distinct >> 16) & 255, (distinct >> 8) & 255, distinct & 255], axis=1)
    rgb = rgb.astype(np.uint8)
    if len(distinct) <= wanted:
        entries = [tuple(int(v) for v in c) for c in rgb]
    else:
        by_count = np.argsort(counts)[::-1]
        flat_areas = by_count[: max(1, wanted // FLAT_SHARE)]
        flat_areas = flat_areas[counts[flat_areas] >= FLAT_FRACTION * len(flat)]
        entries = [tuple(int(v) for v in c) for c in rgb[flat_areas]]
        rest = np.ones(len(distinct), bool)
        rest[flat_areas] = False
        weight = counts[rest] ** WEIGHT_POWER
        repeat = np.maximum(1, np.round(weight * min(1.0, MONTAGE_PIXELS / weight.sum())))
        spread = np.repeat(rgb[rest], repeat.astype(np.intp), axis=0)
        # as one image, 1024 wide, the last row padded with a repeat of the last colour
        width = 1024
        rows = math.ceil(len(spread) / width)
        spread = np.concatenate([spread, np.repeat(spread[-1:], rows * width - len(spread), 0)])
        montage = Image.fromarray(spread.reshape(rows, width, 3), "RGB")
        quantised = montage.quantize(wanted - len(entries), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        used = np.unique(np.asarray(quantised)).tolist()
        flat_palette = quantised.getpalette() or []
        entries += [tuple(flat_palette[3 * i : 3 * i + 3]) for i in used]
    # distinct entries: Pillow's GIF writer maps a repeated colour to another index
    entries = list(dict.fromkeys(entries))
    transparent_index = None
    if transparent:
        transparent_index = len(entries)
        entries.append(_unused_colour(entries))
    return bytes(v for c in entries for v in c), transparent_index


def _unused_colour(entries: list[tuple[int, ...]]) -> tuple[int, int, int]:
    taken = set(entries)
    for g in range(256):
        if (255, g, 255) not in taken:
            return (255, g, 255)
    raise AssertionError("unreachable: fewer than 256 entries")


def _quantise(pixels: np.ndarray, palette_image: Any, transparent_index: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Palette indices (no dithering) and the RGB that was quantised."""
    from PIL import Image

    rgb = np.ascontiguousarray(pixels[..., :3])
    index = np.asarray(Image.fromarray(rgb, "RGB").quantize(palette=palette_image, dither=Image.Dither.NONE)).copy()
    if transparent_index is not None:
        index[pixels[..., 3] < ALPHA_CUTOFF] = transparent_index
    return index, rgb


def _hold_noise(
    index: np.ndarray, previous: np.ndarray, rgb: np.ndarray, reference: np.ndarray, transparent_index: int | None
) -> None:
    """In place: where a pixel's index changed but its colour is within NOISE_LEVEL
    of the colour it had when its index was last set, put the previous index back
    (codec noise, or a colour on the border between two palette entries); where it
    really changed, remember the new colour in ``reference`` (n x 3, int16)."""
    flat_index, flat_previous = index.reshape(-1), previous.reshape(-1)
    changed = np.flatnonzero(flat_index != flat_previous)
    if not len(changed):
        return
    colour = rgb.reshape(-1, 3)[changed].astype(np.int16)
    noise = np.abs(colour - reference[changed]).max(axis=1) <= NOISE_LEVEL
    if transparent_index is not None:
        noise &= flat_index[changed] != transparent_index
        noise &= flat_previous[changed] != transparent_index
    held = changed[noise]
    flat_index[held] = flat_previous[held]
    reference[changed[~noise]] = colour[~noise]


# --------------------------------------------------------------------------- writing


def _write_atomically(first: Any, dest: Path, options: dict[str, Any]) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fp:
            first.save(fp, format="GIF", **options)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
