"""A still frame encoded many times is converted to the encoder's pixels once.

manim hands its writer a wait's frame once, with how many times it repeats, and
its segment encoder converts the RGBA pixels to the codec's YUV for every repeat:
at 1080p that is 8 of the 26 ms a repeated frame costs. Here the frame is
converted once and the same converted frame is encoded at each repeat's time,
which gives x264 the very pixels it got before: the file is byte for byte the
same (tests/test_still_frames.py).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import av
from manim.scene.video_segment_encoder import VideoSegmentEncoder


class StillOnceEncoder(VideoSegmentEncoder):
    def write_frame(self, pixels: Any, *, repeat: int = 1) -> None:
        if repeat == 1:
            super().write_frame(pixels)
            return
        self._validate_frame(pixels, repeat)
        rate = self.spec.frame_rate
        codec = self._stream.codec_context
        try:
            # as the codec would convert it itself (av.video.codeccontext: _prepare_frames_for_encode)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
                codec.width, codec.height, codec.format, threads=codec.thread_count)
            frame.time_base = Fraction(rate.denominator, rate.numerator)
            for _ in range(repeat):
                frame.pts = self._next_pts
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


def install(writer: Any) -> None:
    """Let manim's file ``writer`` encode its segments with StillOnceEncoder."""

    def create(target: Any) -> VideoSegmentEncoder:
        if writer.video_encoder is None:
            raise RuntimeError("Video segment encoding requires resolved settings.")
        return StillOnceEncoder(target=target, spec=writer.video_encoder)

    writer._create_segment_encoder = create
