"""One clip rendered in chunks, side by side, joined into the video one process writes.

A cheap dry pass (the scene built with every animation skipped) knows how many
frames each play writes, where each encoded segment starts (scenes.segments:
plays go into one segment, and one key frame, until it holds a few seconds) and
every caption with its time, counted in whole frames. The clip is cut into
contiguous chunks of about equal cost; each chunk renders its frames
``[start, stop)`` (the plays before it are skipped through manim's
``from_animation_number``, which is quick) and the chunks' mp4 files are joined
by stream copy. A cut where a segment starts changes no bit: the chunk encodes
that segment as one process does. The subtitles come from the dry pass, whose
frame clock is the video's.

When the segments are too long or too few to be shared out evenly, a cut goes
anywhere, inside a play too: the chunk after the cut plays that play from its
start but draws only its frames from the cut on (``IntuitionScene.keep_frames``),
so every updater and tracker has the state it has in one process. The frames
drawn are the same; the encoder starts a key frame at the cut.

    dry = dry_run(job, scene_class, folder)
    parts = plan(dry.play_frames, 3, dry.frame_costs, dry.segment_starts)   # [(0, 140), (140, 290), (290, 430)]
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from production.jobs import RenderJob

# below this many frames per chunk, the fixed cost of a chunk (import, skipping
# to its start: 1-2 s) outweighs what it saves
MIN_FRAMES_PER_CHUNK = 120
# how far over an even share of frames the largest chunk cut between plays may be
# before a cut goes inside a play (such a chunk steps through the play's first frames)
SLACK = 0.1
CHUNKED_FORMATS = ("mp4",)


# What a frame costs, against a drawn frame that changes nothing: a drawn frame costs one more unit
# per AREA_COST of the frame it changes (cairo redraws those pixels, x264 encodes them); a wait's
# frame is drawn once, but x264 still encodes every repeat (at 1080p about as long as a frame
# drawn). Fitted at -q h, to the wall time of each play of matrix-transform, backprop and
# sampling in one process and of each chunk of their 2-, 4- and 8-chunk plans (bench/RESULTS.md):
# 18-20 ms a drawn frame, +35-50 ms when the whole frame changes, 21-30 ms a wait's frame.
AREA_COST = 2.5
WAIT_FRAME_COST = 1.2
# What a chunk spends before its first frame (building the scene with the plays before its cut
# skipped) is charged to it in the same units: the dry pass's seconds to that play, over the
# seconds of one unit. A unit took 10.1 ms at 854x480, 11.8 at 1280x720 and 15.1 at 1920x1080
# (matrix-transform's whole clip in one chunk over its planned cost): about 9 ms + 6 ms x the
# share of 1080p's pixels.
UNIT_MS_BASE = 9.0
UNIT_MS_PER_1080P = 6.0


def unit_seconds(width: int, height: int) -> float:
    """What one unit of the cost model (a drawn frame that changes nothing) takes at this size."""
    return (UNIT_MS_BASE + UNIT_MS_PER_1080P * width * height / (1920 * 1080)) / 1000


@dataclass(frozen=True)
class DryRun:
    play_frames: tuple[int, ...]
    captions: tuple[dict[str, Any], ...]
    duration: float
    play_waits: tuple[bool, ...] = ()  # whether each play is a still wait (its frames are cheap)
    segment_starts: tuple[int, ...] | None = None  # frames where an encoded segment starts (scenes.segments)
    play_areas: tuple[float, ...] = ()  # the share of the frame each play changes (scenes.changed_area)
    play_clock: tuple[float, ...] = ()  # seconds into the dry pass each play started (its measuring left out)
    unit: float = unit_seconds(1920, 1080)  # seconds of one cost unit at the clip's size

    @property
    def frame_costs(self) -> list[float]:
        """What one frame of each play costs to draw and encode (1: a drawn frame that changes nothing)."""
        areas = self.play_areas or (0.0,) * len(self.play_frames)
        waits = self.play_waits or (False,) * len(self.play_frames)
        return [WAIT_FRAME_COST if wait else 1.0 + AREA_COST * a for wait, a in zip(waits, areas)]

    @property
    def lead_costs(self) -> list[float]:
        """What a chunk starting in each play spends before its first frame, in cost units (the
        plays before skipped; the scene's set-up, which every chunk pays, left out)."""
        clock = self.play_clock or (0.0,) * len(self.play_frames)
        return [(t - clock[0]) / self.unit for t in clock]

    @property
    def frames(self) -> int:
        return sum(self.play_frames)


def plan(play_frames: Sequence[int], chunks: int, frame_costs: Sequence[float] | None = None,
         joins: Sequence[int] | None = None, lead_costs: Sequence[float] | None = None) -> list[tuple[int, int]]:
    """Cut the clip's frames into at most ``chunks`` contiguous ranges ``[start, stop)`` of about
    equal cost (``frame_costs``: what one frame of each play costs; 1 each when not given).

    A chunk's cost is its frames' and, with ``lead_costs`` (DryRun.lead_costs), what it spends
    before its first frame when it starts in that play: the later chunks get fewer frames.
    ``joins`` are the frames where the encoding starts a segment (scenes.segments), each at
    a play's edge; a cut there changes no bit of the joined file. They come first, when
    the costliest chunk cut at them is within SLACK of the best cut anywhere. Otherwise (one
    long play, or few segments) the clip is cut anywhere, a cut moving to a join when one is
    within SLACK / 2 of a chunk's cost. A chunk that starts inside a play steps through that
    play's earlier frames without drawing them. Without ``joins``, every play's edge is one.
    """
    costs = list(frame_costs) if frame_costs is not None else [1.0] * len(play_frames)
    leads = list(lead_costs) if lead_costs is not None else [0.0] * len(play_frames)
    edges = _prefix(play_frames)
    ends = _prefix([f * c for f, c in zip(play_frames, costs)])[1:]  # the cost spent by each play's end
    spent_at = dict(zip(edges, [0.0, *ends]))
    frames = edges[-1]
    k = max(1, min(chunks, frames))

    def play_at(spent: float) -> int:  # the play a chunk starting that far into the clip's cost starts in
        return next((p for p, end in enumerate(ends) if end > spent), len(ends) - 1)

    def lead(spent: float) -> float:
        return leads[play_at(spent)] if spent > 0 else 0.0

    joins = sorted({0, frames, *(edges if joins is None else joins)})
    spent = [spent_at[j] for j in joins]
    at_joins = plan_plays([b - a for a, b in zip(spent, spent[1:])], k, [lead(s) for s in spent[:-1]])
    share, targets = _balanced_cuts(spent[-1], k, lead, max(leads, default=0.0))
    if len(at_joins) == k and max(lead(spent[a]) + spent[b] - spent[a] for a, b in at_joins) <= share * (1 + SLACK):
        return [(joins[a], joins[b]) for a, b in at_joins]
    cuts = []
    for target in targets:
        near = min(range(len(spent)), key=lambda j: abs(spent[j] - target))
        if abs(spent[near] - target) <= share * SLACK / 2:
            cuts.append(joins[near])
            continue
        play = play_at(target)
        cuts.append(edges[play] + round((target - spent_at[edges[play]]) / costs[play]))
    # every chunk keeps a frame at least (--chunks N is N chunks), however near the cuts fall
    cuts.sort()
    for i in range(len(cuts)):
        cuts[i] = min(max(cuts[i], (cuts[i - 1] if i else 0) + 1), frames - (len(cuts) - i))
    bounds = [0, *cuts, frames]
    return list(zip(bounds, bounds[1:]))


def _balanced_cuts(total: float, k: int, lead: Callable[[float], float],
                   most: float) -> tuple[float, list[float]]:
    """The smallest cost ``share`` that ``k`` chunks of ``total`` can each keep to, a chunk starting
    at ``s`` paying ``lead(s)`` (at most ``most``) first, and where the cuts then fall (as costs
    into the clip).

    (Each chunk takes all it can: with no lead, the cuts are the even shares ``total * i / k``.)"""

    def cuts_at(share: float) -> tuple[bool, list[float]]:
        at, cuts = 0.0, []
        for _ in range(k - 1):
            at = min(total, at + max(0.0, share - lead(at)))  # a chunk whose lead takes it all moves nothing on
            cuts.append(at)
        return total - at + lead(at) <= share * (1 + 1e-9), cuts

    low, high = total / k, total / k + most  # each chunk then gets a whole even share
    fits, cuts = cuts_at(low)
    if fits:
        return low, cuts
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (low, mid) if cuts_at(mid)[0] else (mid, high)
    return high, cuts_at(high)[1]


def plan_plays(play_frames: Sequence[float], chunks: int,
               leads: Sequence[float] | None = None) -> list[tuple[int, int]]:
    """Cut plays into at most ``chunks`` contiguous ranges, the largest range as small as it can be
    (``play_frames``: each play's frames, or its cost; ``leads``: what a range starting at each
    play costs before its first frame, 0 for the first).

    (The slowest chunk decides the wall time. Plays are at most a few hundred and
    chunks a few: the exact partition by dynamic programming costs nothing.)
    """
    n = len(play_frames)
    k = max(1, min(chunks, n))
    prefix = _prefix(play_frames)
    leads = list(leads) if leads is not None else [0.0] * n
    inf = float("inf")
    # best[j][i]: the smallest possible largest chunk when the first i plays form j chunks
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0
    for j in range(1, k + 1):
        for i in range(j, n + 1):
            for m in range(j - 1, i):
                value = max(best[j - 1][m], (leads[m] if m else 0.0) + prefix[i] - prefix[m])
                if value < best[j][i]:
                    best[j][i], cut[j][i] = value, m
    bounds, i = [], n
    for j in range(k, 0, -1):
        bounds.append((cut[j][i], i))
        i = cut[j][i]
    return bounds[::-1]


def _prefix(play_frames: Sequence[float]) -> list:
    prefix = [0]
    for f in play_frames:
        prefix.append(prefix[-1] + f)
    return prefix


def plays_of(play_frames: Sequence[int], start: int, stop: int) -> tuple[int, int]:
    """The first and the last play that write frames of ``[start, stop)``."""
    edges = _prefix(play_frames)
    first = next(p for p in range(len(play_frames)) if edges[p + 1] > start)
    last = next(p for p in range(len(play_frames)) if edges[p + 1] >= stop)
    return first, last


def cut_at(play_frames: Sequence[int], frame: int) -> dict[str, int]:
    """Where a chunk starts: the clip's frame, its play and the frame within that play (0: at its start)."""
    play, _ = plays_of(play_frames, frame, frame + 1)
    return {"frame": frame, "play": play, "offset": frame - _prefix(play_frames)[play]}


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
        scene.measure_changes = True
        scene.render()
        fps = cfg["frame_rate"]
        captions = _caption_rows(scene)
        return DryRun(tuple(scene.play_frames), tuple(captions), round(sum(scene.play_frames) / fps, 3),
                      tuple(scene.play_waits), tuple(scene.segments.starts), tuple(scene.play_areas),
                      tuple(scene.play_clock), unit_seconds(cfg["pixel_width"], cfg["pixel_height"]))


def _caption_rows(scene) -> list[dict[str, Any]]:
    end = scene.video_time
    return [c.row(end) for c in scene.captions]


def render_chunk(job: RenderJob, start: int, stop: int, play_frames: Sequence[int],
                 folder: str) -> tuple[str, Any, str]:
    """Render frames [start, stop) of the clip into ``folder``: the chunk's mp4, the last frame
    for the last chunk, and who rendered it (host:pid).

    The plays before the one holding ``start`` are skipped (stepped through undrawn, for a scene
    that is not ``skippable``); the plays after the one holding
    ``stop - 1`` are not played (manim ends the scene early there); inside those two plays
    the frames outside the range are stepped through without being drawn.
    """
    from manim import tempconfig

    from production.rendering import manim_config, scene_context
    from production.sources import load_source

    media_dir = Path(folder)
    media_dir.mkdir(parents=True, exist_ok=True)
    scene_class = job.scene_class or load_source(job.source)
    first, last = plays_of(play_frames, start, stop)
    if not getattr(scene_class, "skippable", True):
        first = 0  # step through every earlier frame (IntuitionScene.skippable)
    is_last = stop >= sum(play_frames)
    cfg = {**manim_config(job, media_dir), "from_animation_number": first,
           "upto_animation_number": -1 if is_last else last}
    with scene_context(job, media_dir), tempconfig(cfg):
        scene = scene_class(params=job.params)
        scene.keep_frames(start, stop)
        scene.render()
        video = Path(scene.renderer.file_writer.output_plan.primary_artifact or "")
        final = scene.renderer.get_frame() if is_last else None
    if not video.is_file():
        raise RuntimeError(f"manim wrote no video for frames {start}..{stop - 1} of {job.scene}")
    return str(video), final, f"{socket.gethostname()}:{os.getpid()}"


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
