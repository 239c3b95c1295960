"""One clip in chunks: the joined video is the one a single process writes.

Fast: how plays are cut into chunks. Marked ``render``: every scene rendered
whole, in 2 chunks and in 3 chunks (tiny frames) decodes to identical frames,
with the same subtitles and the same manifest numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from intuition import catalog
from production.chunks import MIN_FRAMES_PER_CHUNK, chunk_count, plan
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
    parts = plan(frames, n)
    assert parts == expected
    assert parts[0][0] == 0 and parts[-1][1] == len(frames)
    assert all(a < b for a, b in parts) and all(p[1] == q[0] for p, q in zip(parts, parts[1:]))


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


# every scene in two chunks; a scene of each kind of storyboard (a moving plane, charts, a network,
# graphs, updaters and trackers, seeded randomness) in three as well
THREE_CHUNKS = {"matrix-transform", "determinant", "sampling", "backprop", "gradient-descent"}
CHUNKED_SCENES = sorted(catalog.SCENES)


@pytest.mark.render
@pytest.mark.parametrize("scene", CHUNKED_SCENES)
def test_chunked_renders_decode_to_the_single_process_frames(scene, tmp_path):
    chunkable = catalog.get(scene).load_class().chunkable
    single, m1 = render(scene, tmp_path / "one", 1)
    reference = frames_of(single)
    srt = single.with_suffix(".srt").read_text()
    for n in (2, 3) if scene in THREE_CHUNKS else (2,):
        video, manifest = render(scene, tmp_path / f"n{n}", n)
        assert video.name == single.name  # chunks are not part of the key: it is the same clip
        # a scene that cannot be cut (a turning camera) is rendered whole, and says so
        assert manifest.get("chunks", 1) == (n if chunkable else 1), manifest.get("chunks")
        frames = frames_of(video)
        assert len(frames) == len(reference), (n, len(frames), len(reference))
        different = [i for i, (a, b) in enumerate(zip(frames, reference)) if not np.array_equal(a, b)]
        assert not different, f"{n} chunks: frames {different[:10]} differ ({len(different)} in all)"
        assert video.with_suffix(".srt").read_text() == srt
        assert manifest["captions"] == m1["captions"] and manifest["duration"] == m1["duration"]
