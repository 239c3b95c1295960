"""One clip in chunks: the joined video is the one a single process writes.

Fast: how plays are cut into chunks. Marked ``render``: every scene rendered
whole, in 2 chunks and in 3 chunks (tiny frames) decodes to identical frames,
with the same subtitles and the same manifest numbers.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from intuition import catalog
from production.chunks import MIN_FRAMES_PER_CHUNK, SLACK, chunk_count, plan, plan_plays
from production.jobs import RenderJob
from render import cli

TINY = ["-q", "l", "--resolution", "256x144", "--fps", "5", "--draft"]


@pytest.mark.parametrize(("frames", "n", "expected"), [
    ([10, 10, 10, 10], 2, [(0, 2), (2, 4)]),
    ([10, 10, 10, 10], 4, [(0, 1), (1, 2), (2, 3), (3, 4)]),
    ([100, 1, 1, 1, 1], 2, [(0, 1), (1, 5)]),
    ([5], 3, [(0, 1)]),
    ([1, 1, 1, 90, 1, 1, 1], 3, [(0, 3), (3, 4), (4, 7)]),
])
def test_plays_are_cut_into_contiguous_chunks_of_about_equal_frames(frames, n, expected):
    parts = plan_plays(frames, n)
    assert parts == expected
    assert parts[0][0] == 0 and parts[-1][1] == len(frames)
    assert all(a < b for a, b in parts) and all(p[1] == q[0] for p, q in zip(parts, parts[1:]))


@pytest.mark.parametrize(("frames", "n", "expected"), [
    ([10, 10, 10, 10], 2, [(0, 20), (20, 40)]),  # even between plays: no cut inside one
    ([100, 1, 1, 1, 1], 2, [(0, 52), (52, 104)]),  # one long play is cut in the middle
    ([5], 3, [(0, 2), (2, 3), (3, 5)]),
    ([34, 60, 6], 3, [(0, 34), (34, 67), (67, 100)]),  # 33 moves to the play's edge at 34
])
def test_a_long_play_is_cut_inside(frames, n, expected):
    assert plan(frames, n) == expected


def test_cuts_go_where_encoded_segments_start_when_that_is_even_enough():
    # four plays of 10 frames in two segments of 20: a cut at 20 changes no bit
    assert plan([10, 10, 10, 10], 2, joins=[0, 20]) == [(0, 20), (20, 40)]
    # segments of 30 and 10: too uneven for 2 chunks, so the cut goes at the even share
    assert plan([10, 10, 10, 10], 2, joins=[0, 30]) == [(0, 20), (20, 40)]
    # ... and moves to a segment's start within SLACK / 2 of it (21 for 20, not 50 for 40)
    assert plan([10, 11, 9, 10, 10, 10], 3, joins=[0, 21, 50]) == [(0, 21), (21, 40), (40, 60)]


def test_chunks_share_out_cost_not_frames():
    # a drawn play of 100 frames, then a still wait of 100 whose frames cost a twentieth each
    assert plan([100, 100], 2, [1, 0.05]) == [(0, 52), (52, 200)]
    assert plan([100, 100], 2) == [(0, 100), (100, 200)]


def test_the_dry_pass_tells_waits_from_drawn_plays_and_costs_the_frame_they_change(tmp_path):
    from production.chunks import AREA_COST, WAIT_FRAME_COST, dry_run
    from scenes.base import IntuitionScene

    class WaitAndMove(IntuitionScene):
        spec = catalog.get("determinant")

        def construct(self):
            from manim import LEFT, Dot, FadeIn, Rectangle, config

            width, height = config.frame_width, config.frame_height
            dot = Dot()
            self.add(dot)
            self.wait(1)
            self.play(dot.animate.shift(1), run_time=1)  # a dot's worth of the frame, where it was and is
            left_half = Rectangle(width=width / 2, height=height).move_to(LEFT * width / 4)
            self.play(FadeIn(left_half), run_time=1)  # the left half (over the dot, which is not redrawn)
            self.remove(dot)
            self.play(left_half.animate.shift(LEFT * width / 2), run_time=1)  # slides off to the left

    job = RenderJob(scene="determinant", params=catalog.get("determinant").build(), resolution=(256, 144), fps=5,
                    out_dir=tmp_path, scene_class=WaitAndMove)
    dry = dry_run(job, WaitAndMove, tmp_path / "dry")
    assert dry.play_frames == (5, 5, 5, 5)
    wait, dot, half, off = dry.frame_costs
    assert wait == WAIT_FRAME_COST
    assert 1 < dot < 1 + AREA_COST * 0.01  # a dot of radius 0.08 moved by 1: under 1% of the frame
    assert half == 1 + AREA_COST * 0.5  # the left half, and the dot inside it
    assert off == 1 + AREA_COST * 0.5  # where it was; off the frame where it ends
    # when each play started, in the dry pass's seconds: what a chunk starting there spends first
    assert len(dry.play_clock) == 4 and list(dry.play_clock) == sorted(dry.play_clock)
    assert dry.lead_costs[0] == 0 and all(lead >= 0 for lead in dry.lead_costs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 400), min_size=1, max_size=40), st.integers(1, 8))
def test_chunks_cover_the_clip_and_none_is_much_over_an_even_share(frames, n):
    total = sum(frames)
    parts = plan(frames, n)
    assert parts[0][0] == 0 and parts[-1][1] == total
    assert all(p[1] == q[0] for p, q in zip(parts, parts[1:]))
    assert len(parts) <= max(1, min(n, total)) and all(a < b for a, b in parts) or total == 0
    even = total / max(1, min(n, total))
    assert max(b - a for a, b in parts) <= even * (1 + SLACK) + 1


def _chunk_cost(play_frames, leads, start, stop):
    """A chunk's frames (one unit each) and, unless it is the first, the lead of the play it starts in."""
    edges = np.cumsum([0, *play_frames])
    play = int(np.searchsorted(edges, start, side="right")) - 1
    return stop - start + (leads[play] if start else 0)


def _best_largest_chunk(play_frames, leads, n):
    """The smallest largest chunk over every way of cutting the clip into n chunks (brute force)."""
    total = sum(play_frames)
    best = float("inf")
    for cuts in itertools.combinations(range(1, total), n - 1):
        bounds = [0, *cuts, total]
        best = min(best, max(_chunk_cost(play_frames, leads, a, b) for a, b in zip(bounds, bounds[1:])))
    return best


def test_a_chunk_that_starts_late_gets_fewer_frames_for_its_lead():
    # four plays of 20 frames; a chunk starting in a later play spends longer getting there
    frames, leads = [20, 20, 20, 20], [0, 4, 8, 12]
    parts = plan(frames, 4, lead_costs=leads)
    sizes = [b - a for a, b in parts]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    largest = max(_chunk_cost(frames, leads, a, b) for a, b in parts)
    assert largest <= _best_largest_chunk(frames, leads, 4) + 1
    assert plan(frames, 4) == [(0, 20), (20, 40), (40, 60), (60, 80)]  # without leads: even


def test_chunks_forced_by_number_each_keep_a_frame_however_long_their_leads():
    # a cold dry pass on tiny frames: getting to a play costs more than the whole clip's frames
    for frames, joins, leads in [([5, 5, 5], None, [0, 100, 100]), ([3, 10, 2], [0, 3, 13], [0, 30, 60]),
                                 ([1, 1, 1], None, [0, 100, 100]), ([40], None, [0])]:
        parts = plan(frames, 3, joins=joins, lead_costs=leads)
        assert len(parts) == 3 and parts[0][0] == 0 and parts[-1][1] == sum(frames), parts
        assert all(a < b for a, b in parts) and all(p[1] == q[0] for p, q in zip(parts, parts[1:])), parts


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(2, 12), st.integers(0, 3)), min_size=1, max_size=4), st.integers(2, 3))
def test_with_leads_no_chunk_is_much_over_the_best_cut(plays, n):
    # a play's lead grows by less than half its frames (skipping a play is cheaper than drawing it)
    frames = [f for f, _ in plays]
    leads = list(itertools.accumulate([0, *(min(g, f // 2) for f, g in plays[:-1])]))
    total = sum(frames)
    parts = plan(frames, n, lead_costs=leads)
    assert parts[0][0] == 0 and parts[-1][1] == total and all(p[1] == q[0] for p, q in zip(parts, parts[1:]))
    k = min(n, total)
    assert len(parts) == k and all(a < b for a, b in parts)
    largest = max(_chunk_cost(frames, leads, a, b) for a, b in parts)
    assert largest <= _best_largest_chunk(frames, leads, k) * (1 + SLACK) + 2


def test_a_short_clip_is_not_worth_splitting():
    from intuition.catalog import get

    job = RenderJob(scene="determinant", params=get("determinant").build())
    assert chunk_count(job, workers=2, frames=MIN_FRAMES_PER_CHUNK) == 1
    assert chunk_count(job, workers=2, frames=4 * MIN_FRAMES_PER_CHUNK) == 2
    assert chunk_count(RenderJob(scene="determinant", params=job.params, chunks=3), workers=1, frames=10) == 3
    gif = RenderJob(scene="determinant", params=job.params, fmt="gif", chunks=3)
    assert chunk_count(gif, workers=2, frames=10_000) == 1


def test_chunks_option_is_checked():
    result = CliRunner().invoke(cli, ["render", "determinant", "--chunks", "0"])
    assert result.exit_code == 2 and "--chunks" in result.stderr


def frames_of(video: Path) -> list[np.ndarray]:
    with av.open(str(video)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(c.streams.video[0])]


def render(scene: str, out: Path, chunks: int) -> tuple[Path, dict]:
    result = CliRunner().invoke(cli, ["render", scene, *TINY, "--chunks", str(chunks), "-j", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / scene
    video = next(folder.glob("*.mp4"))
    return video, json.loads(next(folder.glob("*.json")).read_text())


@pytest.fixture
def lossless(monkeypatch):
    """Encode losslessly: a cut inside a play starts a key frame there, so only a lossless encoding
    decodes to the very frames drawn however the clip is cut."""
    from production import rendering

    monkeypatch.setitem(rendering.DRAFT_OPTIONS, "libx264", {"preset": "ultrafast", "crf": "0"})


def cut_inside_the_longest_play(play_frames, chunks, costs=None, joins=None, leads=None):
    """A planner for the test: one cut, in the middle of the longest play."""
    assert chunks == 2
    longest = max(range(len(play_frames)), key=lambda p: play_frames[p])
    start = sum(play_frames[:longest])
    cut = start + max(1, play_frames[longest] // 2)
    return [(0, cut), (cut, sum(play_frames))]


def at_segment_starts(play_frames, chunks, costs=None, joins=None, leads=None):
    """A planner for the tests: cuts where an encoded segment starts only (scenes.segments)."""
    bounds = [*joins, sum(play_frames)]
    parts = [(bounds[a], bounds[b]) for a, b in plan_plays([b - a for a, b in zip(bounds, bounds[1:])], chunks)]
    assert len(parts) == chunks, (bounds, chunks)
    return parts


def assert_same_clip(single, m1, video, manifest):
    assert video.name == single.name  # chunks are not part of the key: it is the same clip
    frames, reference = frames_of(video), frames_of(single)
    assert len(frames) == len(reference), (len(frames), len(reference))
    different = [i for i, (a, b) in enumerate(zip(frames, reference)) if not np.array_equal(a, b)]
    assert not different, f"frames {different[:10]} differ ({len(different)} in all)"
    assert video.with_suffix(".srt").read_text() == single.with_suffix(".srt").read_text()
    assert manifest["captions"] == m1["captions"] and manifest["duration"] == m1["duration"]


@pytest.mark.render
@pytest.mark.parametrize("scene", sorted(catalog.SCENES))
def test_chunked_renders_decode_to_the_single_process_frames(scene, tmp_path, lossless, monkeypatch):
    """Two chunks cut inside a play, and three as the planner cuts them, against one process."""
    from production import chunks

    single, m1 = render(scene, tmp_path / "one", 1)
    video, manifest = render(scene, tmp_path / "three", 3)
    assert manifest["chunks"] == 3
    assert_same_clip(single, m1, video, manifest)
    with monkeypatch.context() as m:
        m.setattr(chunks, "plan", cut_inside_the_longest_play)
        video, manifest = render(scene, tmp_path / "inside", 2)
    assert manifest["chunks"] == 2 and manifest["cuts"][0]["offset"] > 0, manifest["cuts"]
    assert_same_clip(single, m1, video, manifest)


@pytest.mark.render
@pytest.mark.parametrize("scene", ["matrix-transform", "sampling"])
def test_chunks_cut_where_segments_start_join_into_the_same_stream(scene, tmp_path, monkeypatch):
    """At the usual lossy settings a cut where an encoded segment starts changes no bit: the
    chunk encodes that segment as one process does, and the join copies them."""
    from production import chunks

    single, m1 = render(scene, tmp_path / "one", 1)
    with monkeypatch.context() as m:
        m.setattr(chunks, "plan", at_segment_starts)
        video, manifest = render(scene, tmp_path / "two", 2)
    assert manifest["chunks"] == 2 and all(cut["offset"] == 0 for cut in manifest["cuts"])
    assert_same_clip(single, m1, video, manifest)
    assert video.read_bytes() == single.read_bytes()


@pytest.mark.render
def test_a_clip_is_cut_into_chunks_across_the_workers_of_a_dask_cluster(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from production import chunks

    monkeypatch.setattr(chunks, "plan", at_segment_starts)  # planned here; lossy chunks join bit for bit
    single, m1 = render("sampling", tmp_path / "one", 1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        port = cluster.scheduler_address.rsplit(":", 1)[1]
        workers = {w.worker_address for w in cluster.workers.values()}
        result = CliRunner().invoke(cli, ["render", "sampling", *TINY, "--chunks", "3", "-o", str(tmp_path / "dask"),
                                          "--executor", f"dask://127.0.0.1:{port}"])
    assert result.exit_code == 0, result.output
    assert "rendered in 3 chunks" in result.output
    folder = tmp_path / "dask" / "sampling"
    manifest = json.loads(next(folder.glob("*.json")).read_text())
    assert manifest["chunks"] == 3 and set(manifest["chunk_workers"]) == workers, (manifest, workers)
    assert_same_clip(single, m1, next(folder.glob("*.mp4")), manifest)


@pytest.mark.render
def test_j_2_cuts_a_clip_long_enough_and_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["render", "matrix-transform", "-q", "l", "--resolution", "256x144", "--draft",
                                      "-j", "2", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "rendered in 2 chunks" in result.output
    manifest = json.loads(next((tmp_path / "matrix-transform").glob("*.json")).read_text())
    assert manifest["chunks"] == 2 and len(set(manifest["chunk_workers"])) == 2  # two processes


def key_frames(video: Path) -> int:
    with av.open(str(video)) as c:
        return sum(1 for p in c.demux(c.streams.video[0]) if p.is_keyframe)


@pytest.mark.render
def test_plays_share_encoded_segments_so_the_file_has_fewer_key_frames(tmp_path, monkeypatch):
    """scenes.segments: a key frame per few seconds, not per play; manim's own way is one per play."""
    from scenes.base import IntuitionScene

    shared, manifest = render("sampling", tmp_path / "shared", 1)
    segment = IntuitionScene.segment_seconds
    monkeypatch.setattr(IntuitionScene, "segment_seconds", 0)  # every play its own segment
    per_play, _ = render("sampling", tmp_path / "per-play", 1)
    plays = key_frames(per_play)  # each play with a frame starts with one
    seconds = manifest["duration"]
    assert plays > 20, plays
    assert key_frames(shared) <= seconds / segment + 2 < plays / 2
    assert shared.stat().st_size < 0.8 * per_play.stat().st_size
    assert len(frames_of(shared)) == len(frames_of(per_play))
