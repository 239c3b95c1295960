"""A few real low-quality renders, read back from disk with PyAV.

These are the slow tests (seconds each, ~30 s together): every one writes
real video, so they run in the ``render`` tier (``pytest -m render``), not in
the fast one; everything else builds scenes without writing video.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from conftest import stray_files
from render import cli

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [f.to_ndarray(format="rgb24") for f in container.decode(stream)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("media")
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["render", "matrix-transform", "-q", "l", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, time.perf_counter() - started


def test_render_writes_a_decodable_854x480_mp4_with_subtitles(rendered):
    out, _ = rendered
    folder = out / "matrix-transform"
    mp4s = list(folder.glob("*.mp4"))
    assert len(mp4s) == 1
    manifest = json.loads(mp4s[0].with_suffix(".json").read_text())
    frames = decode(mp4s[0])
    assert frames[0].shape == (480, 854, 3)
    # frame count matches the scene's duration at 15 fps
    assert abs(len(frames) - manifest["duration"] * 15) <= 2
    # not blank: the middle and last frames have real structure
    for f in (frames[len(frames) // 2], frames[-1]):
        assert f.std() > 10 and len(np.unique(f.reshape(-1, 3), axis=0)) > 50
    srt = mp4s[0].with_suffix(".srt").read_text()
    assert "A matrix is a recipe" in srt and "-->" in srt
    # the poster frame and WebVTT captions for web pages; no scratch folders, no partial files
    stem = mp4s[0].name[: -len(".mp4")]
    assert sorted(p.name[len(stem):] for p in folder.iterdir()) == [".json", ".mp4", ".poster.png", ".srt", ".vtt"]
    assert not list(out.glob(".rendering-*")) and not list(out.rglob("*.partial"))


def test_cached_render_is_fast_and_does_not_import_manim(rendered):
    out, _ = rendered
    code = (
        "import sys, render\n"
        "try:\n"
        f"    render.cli.main(['render', 'matrix-transform', '-q', 'l', '-o', {str(out)!r}])\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "print('MANIM_IMPORTED' if 'manim' in sys.modules else 'NO_MANIM')\n"
    )
    started = time.perf_counter()
    proc = subprocess.run([PY, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    took = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    assert "NO_MANIM" in proc.stdout and "cached" in proc.stdout
    assert took < 1.0, f"a cache hit took {took:.2f}s"


def test_different_parameters_never_overwrite(rendered, tmp_path):
    out, _ = rendered
    result = CliRunner().invoke(
        cli, ["render", "matrix-transform", "-q", "l", "-f", "png", "-o", str(out), "--set", "matrix=[[0,-1],[1,0]]"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    folder = out / "matrix-transform"
    stills = [p for p in folder.glob("*.png") if not p.name.endswith(".poster.png")]
    assert len(list(folder.glob("*.mp4"))) == 1 and len(stills) == 1
    from PIL import Image

    png = Image.open(stills[0])
    assert png.size == (854, 480)


def test_interrupted_render_leaves_nothing_and_next_render_works(tmp_path):
    out = tmp_path / "media"
    cmd = [PY, "render.py", "render", "matrix-transform", "-q", "l", "-o", str(out), "--set", "vector=[2,1]"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait until rendering has started (the scratch folder exists), then Ctrl-C
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob(".rendering-*")):
        time.sleep(0.05)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    leftovers = stray_files(out)
    assert leftovers == [], leftovers
    # no poisoned cache: the same render now succeeds
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(list((out / "matrix-transform").glob("*.mp4"))) == 1
