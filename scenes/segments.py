"""Several plays encoded as one segment: fewer key frames, a smaller file.

manim encodes every play as its own segment, and every segment starts with a key
frame; a clip of short plays is mostly key frames (a stream without them is a
third to a half smaller). Here the plays go on into the open segment until it
holds ``seconds`` of video; it ends after the play that fills it, and the
segments are joined by stream copy as before.

Where a segment ends depends only on the frames of the plays from the clip's
start, which a chunk of the clip (production.chunks) knows too, skipped plays
and all: a chunk that starts where a segment starts encodes exactly the bytes
one process writes there, so a cut at ``starts`` changes no bit of the joined file.
"""

from __future__ import annotations

from typing import Any


class Segments:
    """Wraps a manim SceneFileWriter so that plays share segments of at least ``min_frames`` frames."""

    def __init__(self, writer: Any, min_frames: int) -> None:
        self.min_frames = min_frames
        self.starts = [0]  # the clip's frames where a segment starts
        self.open = False  # a segment is open: the next play written goes on into it
        self._add, self._begin = writer.add_partial_movie_file, writer.begin_animation
        self._end, self._finish = writer.end_animation, writer.finish
        writer.add_partial_movie_file = self.add
        writer.begin_animation = self.begin
        writer.end_animation = self.end
        writer.finish = self.finish

    def add(self, hash_animation: str | None) -> None:
        # a play that goes into the open segment has no file of its own (manim skips a None)
        self._add(None if self.open else hash_animation)

    def begin(self, allow_write: bool = False, **kwargs: Any) -> None:
        if allow_write and not self.open:
            self._begin(True, **kwargs)
            self.open = True

    def end(self, allow_write: bool = False) -> None:
        """A play ends; its segment stays open until ``played`` finds it full."""

    def played(self, frames: int) -> None:
        """After every play, written or skipped, with the clip's frames so far."""
        if frames > self.starts[-1] and frames - self.starts[-1] >= self.min_frames:
            self.starts.append(frames)
            self.close()

    def close(self) -> None:
        if self.open:
            self.open = False
            self._end(True)

    def finish(self) -> None:
        self.close()
        self._finish()
