"""production/gif.py: video -> small GIF with one palette, frame differencing and
the video's duration. Synthetic clips made with PyAV; no manim."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageSequence

from production.gif import GIF_FPS, gif_duration, gif_frame_count, mp4_to_gif

BACKGROUND = (15, 17, 23)


def _static_layer(width: int, height: int) -> np.ndarray:
    """Dark background, axes, a grid and some lines of anti-aliased text."""
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, width // 12):
        draw.line([(x, 0), (x, height)], fill=(35, 40, 52))
    for y in range(0, height, height // 8):
        draw.line([(0, y), (width, y)], fill=(35, 40, 52))
    draw.line([(width // 2, 0), (width // 2, height)], fill=(150, 156, 170), width=2)
    draw.line([(0, height // 2), (width, height // 2)], fill=(150, 156, 170), width=2)
    font = ImageFont.load_default(size=max(10, height // 24))
    lines = ["Eigenvectors keep their direction", "A v = lambda v", "lambda_1 = 3, lambda_2 = 1"]
    for n, text in enumerate(lines):
        xy = (width // 20, height // 20 + n * height // 16)
        draw.text(xy, text, fill=(230, 232, 238), font=font)
    return np.asarray(image).copy()


def _disc(frame: np.ndarray, cx: float, cy: float, r: float, colour: tuple[int, int, int]) -> None:
    """An anti-aliased disc, drawn in place."""
    h, w, _ = frame.shape
    x0, x1 = max(0, int(cx - r - 2)), min(w, int(cx + r + 3))
    y0, y1 = max(0, int(cy - r - 2)), min(h, int(cy + r + 3))
    if x0 >= x1 or y0 >= y1:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    cover = np.clip(r + 0.5 - np.hypot(xx - cx, yy - cy), 0, 1)[..., None]
    window = frame[y0:y1, x0:x1].astype(np.float32)
    frame[y0:y1, x0:x1] = (window * (1 - cover) + np.array(colour) * cover).astype(np.uint8)


def make_video(path: Path, width: int = 854, height: int = 480, fps: int = 15,
               seconds: float = 16, moving: bool = True) -> Path:
    """An mp4 like a manim clip: static text and axes, a few moving shapes."""
    base = _static_layer(width, height)
    n = round(seconds * fps)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "23"}
        for i in range(n):
            frame = base.copy()
            if moving:
                t = i / fps
                s = min(width, height)
                _disc(frame, width / 2 + 0.3 * s * np.cos(t), height / 2 + 0.3 * s * np.sin(t),
                      s / 18, (88, 196, 221))
                _disc(frame, (0.1 + 0.05 * t) * width, 0.75 * height, s / 25, (252, 98, 85))
                _disc(frame, width / 2 + 0.4 * s * np.cos(2 * t), height / 2, s / 30,
                      (131, 193, 103))
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def video_duration(path: Path) -> float:
    """Last frame's time plus one frame, as a player shows it."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        last = max(float(f.time) for f in container.decode(stream))
        return last + 1 / float(stream.average_rate)


def delays_ms(path: Path) -> list[int]:
    with Image.open(path) as image:
        return [frame.info["duration"] for frame in ImageSequence.Iterator(image)]


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_video(tmp_path_factory.mktemp("gif") / "clip.mp4")


@pytest.fixture(scope="module")
def clip_gif(clip: Path) -> Path:
    return mp4_to_gif(clip, clip.with_name("clip.gif"))


def test_duration_matches_video(clip: Path, clip_gif: Path):
    assert video_duration(clip) == pytest.approx(16.0, abs=1e-6)
    assert gif_duration(clip_gif) == pytest.approx(video_duration(clip), abs=0.1)


def test_frame_rate_is_gif_fps(clip_gif: Path):
    assert GIF_FPS == 10
    # every 0.1 s shows a new position of the moving discs
    assert gif_frame_count(clip_gif) == 16 * GIF_FPS
    assert set(delays_ms(clip_gif)) == {100}


def test_small_file(clip_gif: Path):
    # Pillow's defaults on this clip (a palette of its own per frame, all 240 frames
    # at 15 fps) give 3.1 MB; one palette, changed rectangles with their unchanged
    # pixels transparent, 10 fps: about 0.7 MB.
    assert clip_gif.stat().st_size < 1_500_000


def test_frames_look_like_the_video(clip: Path, clip_gif: Path):
    with av.open(str(clip)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i == 120:   # t = 8.0 s -> gif frame 80
                expected = frame.to_ndarray(format="rgb24").astype(np.int16)
                break
    with Image.open(clip_gif) as image:
        image.seek(80)
        got = np.asarray(image.convert("RGB")).astype(np.int16)
    error = np.abs(got - expected)
    assert error.mean() < 3
    assert np.percentile(error, 99) < 24


def test_every_frame_kept_without_drift(tmp_path: Path):
    src = make_video(tmp_path / "short.mp4", 160, 90, fps=15, seconds=4)
    gif = mp4_to_gif(src, tmp_path / "short.gif", fps=None)
    delays = delays_ms(gif)
    assert len(delays) == 60
    assert set(delays) == {60, 70}           # 1/15 s in whole centiseconds
    assert sum(delays) == 4000                # no drift: exactly the video's 4.0 s
    # an output rate above the source's also keeps every frame
    assert delays_ms(mp4_to_gif(src, tmp_path / "fast.gif", fps=30)) == delays


def test_never_faster_than_browsers_play(tmp_path: Path):
    # a delay under 2 cs is played as 10 cs: a 60 fps source becomes 50 fps
    src = make_video(tmp_path / "sixty.mp4", 160, 90, fps=60, seconds=1)
    delays = delays_ms(mp4_to_gif(src, tmp_path / "sixty.gif", fps=None))
    assert delays == [20] * 50


def test_static_video_is_few_frames(tmp_path: Path):
    src = make_video(tmp_path / "still.mp4", 320, 180, fps=15, seconds=6, moving=False)
    gif = mp4_to_gif(src, tmp_path / "still.gif")
    # 60 slots at 10 fps; x264 sharpens a still picture over its first few frames
    # (a few dozen pixels each), after that nothing changes: one long last frame
    assert gif_frame_count(gif) <= 8
    assert delays_ms(gif)[-1] >= 5000
    assert gif_duration(gif) == pytest.approx(6.0, abs=0.01)


def test_unreadable_source_leaves_nothing(tmp_path: Path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video at all" * 100)
    dest = tmp_path / "out" / "bad.gif"
    dest.parent.mkdir()
    with pytest.raises((av.error.FFmpegError, ValueError)):
        mp4_to_gif(bad, dest)
    assert not dest.exists()
    assert list(dest.parent.iterdir()) == []
    # an existing gif is left as it was
    dest.write_bytes(b"old")
    with pytest.raises((av.error.FFmpegError, ValueError)):
        mp4_to_gif(bad, dest)
    assert dest.read_bytes() == b"old"
    assert list(dest.parent.iterdir()) == [dest]


def test_transparent_source(tmp_path: Path):
    src = tmp_path / "alpha.mov"
    with av.open(str(src), "w") as container:
        stream = container.add_stream("png", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "rgba"
        for i in range(10):
            frame = np.zeros((48, 64, 4), np.uint8)
            frame[10:30, 5 + 3 * i:25 + 3 * i] = (230, 90, 60, 255)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgba")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    gif = mp4_to_gif(src, tmp_path / "alpha.gif", transparent=True)
    assert gif_duration(gif) == pytest.approx(1.0, abs=0.01)
    with Image.open(gif) as image:
        image.seek(5)
        rgba = np.asarray(image.convert("RGBA"))
    assert (rgba[10:30, 20:40, 3] == 255).all()     # the square, at 5 + 3*5 = 20
    assert (rgba[:, :19, 3] == 0).all()             # where it was before: cleared
    assert (rgba[35:, :, 3] == 0).all()
