"""Turning manim's output into what lessons embed: browser-ready mp4, poster
frames, WebVTT captions, a frame at a chosen second, and storyboards.

PyAV and Pillow only (both come with manim); no manim import, so the gallery
can use these without paying for it.
"""

from __future__ import annotations

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


def _font(size: int, lang: str = "en"):
    """The clip's own font (its language's: Noto Sans CJK for Chinese), found through fontconfig."""
    import subprocess

    from PIL import ImageFont

    from intuition.fonts import font_for

    names = []
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", font_for(lang)], capture_output=True, text=True,
                               timeout=10).stdout.strip()
        names.append(found)
    except (OSError, subprocess.SubprocessError):
        pass
    for name in (*names, "DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except (OSError, ValueError):
            continue
    return ImageFont.load_default(size=size)


def wrap_to(text: str, font, width: int, lines: int = 4) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels: at spaces, or between any two characters
    of a script written without them (Chinese)."""
    from PIL import Image, ImageDraw

    draw = ImageDraw.Draw(Image.new("L", (1, 1)))
    units = text.split(" ") if " " in text.strip() else list(text)
    joiner = " " if " " in text.strip() else ""
    out, line = [], ""
    for unit in units:
        candidate = f"{line}{joiner}{unit}" if line else unit
        if line and draw.textlength(candidate, font=font) > width:
            out.append(line)
            line = unit
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


def storyboard(
    video: Path, captions: list[dict[str, Any]], dest: Path, columns: int = 3, panel_width: int = 480, title: str = "",
    lang: str = "en",
) -> Path:
    """One panel per caption: the frame at the end of that step, its caption under it."""
    from PIL import Image, ImageDraw

    steps = captions or [{"text": "", "start": 0.0, "end": None}]
    # the key frame of a step is its last: everything the step draws is on screen
    times = [max(c["start"], (c["end"] if c["end"] is not None else 1e9) - 0.05) for c in steps]
    frames = decode_frames(video, times)
    font, small = _font(17, lang), _font(14, lang)
    texts = [wrap_to(c["text"], font, panel_width) for c in steps]
    size, boxes = storyboard_layout(
        len(steps), frames[0].size, max(len(t) for t in texts), columns, panel_width, bool(title)
    )
    sheet = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    if title:
        draw.text((16, 12), title, font=_font(22, lang), fill=INK)
    for k, (image, lines, cap, box) in enumerate(zip(frames, texts, steps, boxes)):
        x, y, right, bottom = box
        sheet.paste(image.convert("RGB").resize((right - x, bottom - y)), (x, y))
        draw.rectangle((x, y, right - 1, bottom - 1), outline=(60, 64, 76))
        draw.text((x, bottom + 6), f"{k + 1}  ·  {cap['start']:.1f}s", font=small, fill=MUTED)
        for i, line in enumerate(lines):
            draw.text((x, bottom + 26 + 22 * i), line, font=font, fill=INK)
    sheet.save(dest, optimize=True)
    return dest
