"""One clip rendered in chunks, side by side, joined into the video one process writes.

A cheap dry pass (the scene built with every animation skipped) knows how many
frames each play writes and every caption with its time, counted in whole
frames. The plays are cut into contiguous chunks of about equal frames; each
chunk renders plays ``[start, stop)`` through manim's ``from_animation_number``
and ``upto_animation_number`` (the plays before it are skipped, which is
quick), and the chunks' mp4 files are joined by stream copy. manim encodes
every play as its own segment starting with a key frame, so the joined file
decodes to exactly the frames of a single-process render; the subtitles come
from the dry pass, whose frame clock is the video's.

    parts = plan(dry_run(job).play_frames, 3)     # [(0, 12), (12, 25), (25, 40)]
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from production.jobs import RenderJob

# below this many frames per chunk, the fixed cost of a chunk (import, skipping
# to its start: 1-2 s) outweighs what it saves
MIN_FRAMES_PER_CHUNK = 120
CHUNKED_FORMATS = ("mp4",)


@dataclass(frozen=True)
class DryRun:
    play_frames: tuple[int, ...]
    captions: tuple[dict[str, Any], ...]
    duration: float

    @property
    def frames(self) -> int:
        return sum(self.play_frames)


def plan(play_frames: Sequence[int], chunks: int) -> list[tuple[int, int]]:
    """Cut plays into at most ``chunks`` contiguous ranges, the largest range as small as it can be.

    (The slowest chunk decides the wall time. Plays are at most a few hundred and
    chunks a few: the exact partition by dynamic programming costs nothing.)
    """
    n = len(play_frames)
    k = max(1, min(chunks, n))
    prefix = [0]
    for f in play_frames:
        prefix.append(prefix[-1] + f)
    inf = float("inf")
    # best[j][i]: the smallest possible largest chunk when the first i plays form j chunks
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0
    for j in range(1, k + 1):
        for i in range(j, n + 1):
            for m in range(j - 1, i):
                value = max(best[j - 1][m], prefix[i] - prefix[m])
                if value < best[j][i]:
                    best[j][i], cut[j][i] = value, m
    bounds, i = [], n
    for j in range(k, 0, -1):
        bounds.append((cut[j][i], i))
        i = cut[j][i]
    return bounds[::-1]


def chunk_count(job: RenderJob, workers: int, frames: int) -> int:
    """How many chunks a clip of ``frames`` is worth: ``job.chunks`` when set (--chunks), else one
    per worker as long as each chunk keeps at least MIN_FRAMES_PER_CHUNK frames."""
    if job.fmt not in CHUNKED_FORMATS:
        return 1
    if job.chunks is not None:
        return job.chunks
    return max(1, min(workers, frames // MIN_FRAMES_PER_CHUNK))


def dry_run(job: RenderJob, scene_class, media_dir: Path) -> DryRun:
    """Build the scene with every animation skipped: each play's frames, the captions, the length."""
    from manim import tempconfig

    from production.rendering import manim_config, scene_context

    cfg = {**manim_config(job, media_dir), "dry_run": True}
    with scene_context(job, media_dir), tempconfig(cfg):
        scene = scene_class(params=job.params, skip_animations=True)
        scene.render()
        fps = cfg["frame_rate"]
        captions = _caption_rows(scene)
        return DryRun(tuple(scene.play_frames), tuple(captions), round(sum(scene.play_frames) / fps, 3))


def _caption_rows(scene) -> list[dict[str, Any]]:
    end = scene.video_time
    return [c.row(end) for c in scene.captions]


def render_chunk(job: RenderJob, start: int, stop: int, total_plays: int, folder: str) -> tuple[str, Any]:
    """Render plays [start, stop) into ``folder``: the chunk's mp4, and the last frame for the last chunk."""
    from manim import tempconfig

    from production.rendering import manim_config, scene_context
    from production.sources import load_source

    media_dir = Path(folder)
    media_dir.mkdir(parents=True, exist_ok=True)
    cfg = {**manim_config(job, media_dir), "from_animation_number": start,
           "upto_animation_number": stop - 1 if stop < total_plays else -1}
    scene_class = job.scene_class or load_source(job.source)
    with scene_context(job, media_dir), tempconfig(cfg):
        scene = scene_class(params=job.params)
        scene.render()
        video = Path(scene.renderer.file_writer.output_plan.primary_artifact or "")
        last = scene.renderer.get_frame() if stop >= total_plays else None
    if not video.is_file():
        raise RuntimeError(f"manim wrote no video for plays {start}..{stop - 1} of {job.scene}")
    return str(video), last


def join(parts: Sequence[Path], dest: Path) -> Path:
    """Concatenate mp4 files of one encoding by stream copy (no re-encoding)."""
    import av

    with av.open(str(dest), "w") as out:
        copy_video(out, parts)
    return dest


def copy_video(out, parts: Sequence[Path]):
    """Mux every part's video packets into ``out``, one after another, unchanged (their times shifted).

    Returns the output video stream (None when there were no parts)."""
    import av

    stream_out = None
    offset = 0
    for part in parts:
        with av.open(str(part)) as inp:
            stream_in = inp.streams.video[0]
            if stream_out is None:
                stream_out = out.add_stream_from_template(template=stream_in)
            end = offset
            for packet in inp.demux(stream_in):
                if packet.dts is None:
                    continue
                packet.pts += offset
                packet.dts += offset
                end = max(end, packet.pts + (packet.duration or 0))
                packet.stream = stream_out
                out.mux(packet)
            offset = end
    return stream_out


Mapper = Callable[[Callable[..., Any], list[tuple]], list[Any]]


def local_map(fn: Callable[..., Any], calls: list[tuple]) -> list[Any]:
    return [fn(*args) for args in calls]


@contextlib.contextmanager
def process_map(workers: int):
    """A mapper running calls in ``workers`` processes (fork: the parent's imports come along)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield lambda fn, calls: [f.result() for f in [pool.submit(fn, *args) for args in calls]]
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
