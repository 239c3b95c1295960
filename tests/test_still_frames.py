"""A wait's frame is converted to YUV once, and the file is the one manim's encoder writes."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from scenes import still_frames
from scenes.still_frames import StillOnceEncoder

SPECS = {
    "mp4": VideoEncoderSpec("mp4", "libx264", "yuv420p", 320, 180, Fraction(30), (("crf", "23"),)),
    "draft": VideoEncoderSpec("mp4", "libx264", "yuv420p", 256, 144, Fraction(5),
                              (("crf", "28"), ("preset", "ultrafast"))),
    "webm": VideoEncoderSpec("webm", "libvpx-vp9", "yuv420p", 320, 180, Fraction(30), (("crf", "23"),)),
}


def _frames(spec: VideoEncoderSpec) -> list[tuple[np.ndarray, int]]:
    """Frames with colour detail that chroma subsampling must average, each with its repeats."""
    rng = np.random.default_rng(7)
    out = []
    for repeat in (1, 24, 1, 1, 7, 40):
        pixels = rng.integers(0, 256, (spec.height, spec.width, 4), dtype=np.uint8)
        pixels[..., 3] = 255
        out.append((pixels, repeat))
    return out


def _encode(cls, spec: VideoEncoderSpec, path) -> bytes:
    encoder = cls(target=path, spec=spec)
    for pixels, repeat in _frames(spec):
        encoder.write_frame(pixels, repeat=repeat)
    encoder.finish()
    return path.read_bytes()


def _packets(path) -> list[tuple[int, bytes]]:
    with av.open(str(path)) as container:
        return [(p.pts, bytes(p)) for p in container.demux(video=0) if p.size]


@pytest.mark.parametrize("kind", SPECS)
def test_repeated_frames_encode_to_what_manims_encoder_writes(kind, tmp_path):
    spec = SPECS[kind]
    ext = spec.container_format
    mine = _encode(StillOnceEncoder, spec, tmp_path / f"mine.{ext}")
    theirs = _encode(VideoSegmentEncoder, spec, tmp_path / f"manim.{ext}")
    assert _packets(tmp_path / f"mine.{ext}") == _packets(tmp_path / f"manim.{ext}")
    assert len(_packets(tmp_path / f"mine.{ext}")) == sum(r for _, r in _frames(spec))
    if ext == "mp4":  # (matroska writes a random segment id: two webm files of one encoder differ)
        assert mine == theirs


def test_a_repeated_frame_is_converted_once(tmp_path, monkeypatch):
    made = []
    real = still_frames.av.VideoFrame.from_ndarray
    monkeypatch.setattr(still_frames.av.VideoFrame, "from_ndarray",
                        lambda *a, **k: made.append(1) or real(*a, **k), raising=False)
    spec = SPECS["mp4"]
    encoder = StillOnceEncoder(target=tmp_path / "a.mp4", spec=spec)
    encoder.write_frame(_frames(spec)[1][0], repeat=24)
    encoder.finish()
    assert len(made) == 1


def test_a_bad_repeat_is_refused_as_manims_encoder_refuses_it(tmp_path):
    spec = SPECS["mp4"]
    encoder = StillOnceEncoder(target=tmp_path / "a.mp4", spec=spec)
    with pytest.raises(ValueError, match="repeat"):
        encoder.write_frame(_frames(spec)[0][0], repeat=0)
    encoder.abort()
    assert not (tmp_path / "a.mp4").exists()


def test_every_scene_encodes_its_segments_with_it():
    from manim import tempconfig

    from scenes.linear_algebra.dot_product import DotProduct

    with tempconfig({"dry_run": True}):
        writer = DotProduct().renderer.file_writer
    assert writer._create_segment_encoder.__qualname__.startswith("install")
