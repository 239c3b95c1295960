"""Turning manim's output into what lessons embed: browser-ready mp4, poster
frames, WebVTT captions, a frame at a chosen second, and storyboards.

PyAV and Pillow only (both come with manim); no manim import, so the gallery
can use these without paying for it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

BACKGROUND = (15, 17, 23)  # style.BACKGROUND, without importing manim
INK = (230, 232, 238)
MUTED = (150, 156, 170)


def faststart(src: Path, dest: Path) -> Path:
    """Remux an mp4 with its index first, so browsers start playing before the
    whole file has arrived (packets are copied, nothing is re-encoded)."""
    import av

    with av.open(str(src)) as inp, av.open(str(dest), "w", options={"movflags": "+faststart"}) as out:
        stream_in = inp.streams.video[0]
        stream_out = out.add_stream_from_template(template=stream_in)
        for packet in inp.demux(stream_in):
            if packet.dts is None:
                continue
            packet.stream = stream_out
            out.mux(packet)
    return dest


def save_frame(pixels: np.ndarray, dest: Path, keep_alpha: bool = False) -> Path:
    from PIL import Image

    image = Image.fromarray(np.asarray(pixels, dtype=np.uint8))
    image = image.convert("RGBA" if keep_alpha else "RGB")
    image.save(dest, compress_level=3)  # optimize=True costs ~0.3 s a frame for a few % of size
    return dest


def decode_frames(video: Path, times: list[float]) -> list[Any]:
    """PIL images of the frames shown at each of ``times`` (seconds), in one pass."""
    import av

    wanted = sorted(set(times))
    found: dict[float, Any] = {}
    last = None
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            t = float(frame.pts * stream.time_base) if frame.pts is not None else 0.0
            while wanted and t > wanted[0] + 1e-6:
                # the frame on screen at wanted[0] is the previous one
                found[wanted.pop(0)] = last if last is not None else frame.to_image()
            last = frame.to_image()
            if not wanted:
                break
    for t in wanted:  # past the end: the last frame stays on screen
        found[t] = last
    if last is None:
        raise RuntimeError(f"{video} holds no frames")
    return [found[t] for t in times]


def frame_at(video: Path, seconds: float, dest: Path) -> Path:
    (image,) = decode_frames(video, [seconds])
    image.save(dest, optimize=True)
    return dest


def _srt_time(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def write_srt(captions: list[dict[str, Any]], dest: Path) -> Path:
    """SubRip cues from caption rows ({text, start, end} in seconds); empty ones are left out."""
    cues = [c for c in captions if c["end"] > c["start"]]
    blocks = [f"{i}\n{_srt_time(c['start'])} --> {_srt_time(c['end'])}\n{c['text']}\n" for i, c in enumerate(cues, 1)]
    dest.write_text("\n".join(blocks), encoding="utf-8")
    return dest


def srt_to_vtt(srt: Path, dest: Path) -> Path:
    """Browsers' <track> reads WebVTT, not SRT: same cues, a header and dots."""
    lines = ["WEBVTT", ""]
    for line in srt.read_text(encoding="utf-8").splitlines():
        if "-->" in line:
            line = line.replace(",", ".")
        lines.append(line)
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


@functools.cache
def _face(pattern: str) -> tuple[str, int]:
    """The font file (and face index inside a .ttc) fontconfig picks for ``pattern``."""
    import subprocess

    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\t%{index}", pattern], capture_output=True, text=True,
                             timeout=10).stdout.strip()
        file, _, index = out.partition("\t")
        if file:
            return file, int(index or 0)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return "", 0


@functools.cache
def _font(size: int, face: tuple[str, int]):
    from PIL import ImageFont

    for name, index in (face, ("DejaVuSans.ttf", 0), ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0)):
        try:
            return ImageFont.truetype(name, size, index=index)
        except (OSError, ValueError):
            continue
    return ImageFont.load_default(size=size)


@functools.cache
def _face_for(ch: str, family: str) -> tuple[str, int]:
    """The face that draws ``ch``: the family's own when it has the glyph, else the one fontconfig
    falls back to, as Pango does on screen (Noto Sans CJK has no subscript digits: v₁ came out as
    boxes under a Chinese storyboard's frames)."""
    from intuition import fonts

    if ch.isspace() or not fonts.uncovered(ch, family, fallback=False):
        return _face(family)
    return _face(f"{family}:charset={ord(ch):x}")


@functools.cache
def _scratch():
    """A drawing context to measure text with (wrapping measures every candidate line)."""
    from PIL import Image, ImageDraw

    return ImageDraw.Draw(Image.new("L", (1, 1)))


class SheetText:
    """Words on a contact sheet in the clip's own font (its language's: Noto Sans CJK SC for
    Chinese), each character from a font that has it."""

    def __init__(self, size: int, lang: str = "en"):
        from intuition.fonts import font_for

        self.size, self.family = size, font_for(lang)
        self.ascent = _font(size, _face(self.family)).getmetrics()[0]

    def runs(self, text: str) -> list[tuple[str, tuple[str, int]]]:
        """``text`` cut where the face drawing it changes."""
        out: list[tuple[str, tuple[str, int]]] = []
        for ch in text:
            face = _face_for(ch, self.family)
            if out and out[-1][1] == face:
                out[-1] = (out[-1][0] + ch, face)
            else:
                out.append((ch, face))
        return out

    def width(self, text: str) -> float:
        draw = _scratch()
        return sum(draw.textlength(run, font=_font(self.size, face)) for run, face in self.runs(text))

    def draw(self, draw, xy: tuple[float, float], text: str, fill) -> None:
        # on one baseline, whichever font each run comes from
        x, y = xy[0], xy[1] + self.ascent
        for run, face in self.runs(text):
            font = _font(self.size, face)
            draw.text((x, y), run, font=font, fill=fill, anchor="ls")
            x += draw.textlength(run, font=font)


def wrap_to(text: str, font: SheetText, width: int, lines: int = 4) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels: at spaces, or between two characters of a
    script written without them (Chinese), never before a closing mark (see intuition.linebreaks)."""
    from intuition.linebreaks import pieces

    out = []
    for paragraph in text.split("\n"):  # a line break the words ask for is kept
        line = ""
        for glue, piece in pieces(paragraph):
            candidate = f"{line}{glue}{piece}" if line else piece
            if line and font.width(candidate) > width:
                out.append(line)
                line = piece
            else:
                line = candidate
        if line:
            out.append(line)
    return out[:lines]


def storyboard_layout(
    n: int, frame_size: tuple[int, int], text_lines: int, columns: int = 3, panel_width: int = 480, title: bool = False
):
    """Sheet size and each panel's (left, top, right, bottom) frame box, row by row."""
    w0, h0 = frame_size
    ph = round(panel_width * h0 / w0)
    text_h = 30 + 22 * max(1, text_lines)
    pad = 16
    columns = max(1, min(columns, n))
    rows = (n + columns - 1) // columns
    header = 44 if title else 0
    size = (pad + columns * (panel_width + pad), header + pad + rows * (ph + text_h + pad))
    boxes = []
    for k in range(n):
        x = pad + (k % columns) * (panel_width + pad)
        y = header + pad + (k // columns) * (ph + text_h + pad)
        boxes.append((x, y, x + panel_width, y + ph))
    return size, boxes


# under a frame's length at any frame rate we write (at most 120 fps), over the rounding of a
# caption's times to the millisecond
HALF_FRAME = 0.004


def key_times(steps: list[dict[str, Any]]) -> list[float]:
    """When each caption step's key frame is on screen: all the step drew, its caption still read.

    manim never writes the last moment of a play (its frames stop short of the end), so the
    last frame of a step that ends in a Create shows it unfinished. When the next caption
    cross-fades in, the fade's first frame, at the step's end, is that moment; when it comes
    without a fade, the step's last frame is the nearest."""
    times = []
    for step, after in zip(steps, [*steps[1:], None]):
        end = step["end"]
        if end is None or after is None:
            times.append(1e9)  # the clip's end: its last frame
        elif after["start"] > end + HALF_FRAME:
            times.append(end + HALF_FRAME)
        else:
            times.append(max(step["start"], end - HALF_FRAME))
    return times


def storyboard(
    video: Path, captions: list[dict[str, Any]], dest: Path, columns: int = 3, panel_width: int = 480, title: str = "",
    lang: str = "en",
) -> Path:
    """One panel per caption: the frame at the end of that step, its caption under it."""
    from PIL import Image, ImageDraw

    steps = captions or [{"text": "", "start": 0.0, "end": None}]
    frames = decode_frames(video, key_times(steps))
    font, small = SheetText(17, lang), SheetText(14, lang)
    texts = [wrap_to(c["text"], font, panel_width) for c in steps]
    size, boxes = storyboard_layout(
        len(steps), frames[0].size, max(len(t) for t in texts), columns, panel_width, bool(title)
    )
    sheet = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    if title:
        SheetText(22, lang).draw(draw, (16, 12), title, INK)
    for k, (image, lines, cap, box) in enumerate(zip(frames, texts, steps, boxes)):
        x, y, right, bottom = box
        sheet.paste(image.convert("RGB").resize((right - x, bottom - y)), (x, y))
        draw.rectangle((x, y, right - 1, bottom - 1), outline=(60, 64, 76))
        small.draw(draw, (x, bottom + 6), f"{k + 1}  ·  {cap['start']:.1f}s", MUTED)
        for i, line in enumerate(lines):
            font.draw(draw, (x, bottom + 26 + 22 * i), line, INK)
    sheet.save(dest, optimize=True)
    return dest
