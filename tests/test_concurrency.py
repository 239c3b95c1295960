"""Concurrent renders into one output folder: nothing clobbered, nothing half written.

Four real renders start at once into the same ``-o`` folder: two with the same
parameters (one renders, the other waits on the clip's lock and reuses it) and
two with different parameters (both render, side by side). All exit 0; each
clip is complete (manifest written last, names files that exist) and its video
decodes with PyAV to the promised number of frames.

Plain manim crashes here (``SVGMobject.generate_mobject`` writes and deletes a
fixed ``Tex/<hash>_.svg`` inside the media folder); the pipeline gives every
render its own scratch folder and a lock per output path.

The renders are tiny (256x144, 5 fps, draft encoder, the short variant of
matrix-transform) so the four cost about one ordinary -q l render.

Ctrl-C with other renders around: while waiting on another process's lock of
the same clip (exit 130, nothing written), and sent to the whole process group
during a ``-j 2`` batch (workers included, as a terminal does): exit 130, no
traceback, nothing left, and the same command then succeeds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from conftest import stray_files

ROOT = Path(__file__).resolve().parent.parent
SCENE = "matrix-transform"
SMALL = ["-q", "l", "--resolution", "256x144", "--fps", "5", "--draft"]
TINY = [*SMALL, "-j", "1", "--set", "show_vector=false", "--set", "show_unit_square=false"]
SAME = ["--set", "matrix=[[2,1],[1,2]]"]
ROTATE = ["--set", "matrix=[[0,-1],[1,0]]"]
SHEAR = ["--set", "matrix=[[1,1],[0,1]]"]
TIMEOUT = 600

pytestmark = pytest.mark.render


def decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [f.to_ndarray(format="rgb24") for f in container.decode(stream)]


@pytest.fixture(scope="module")
def four_at_once(tmp_path_factory):
    out = tmp_path_factory.mktemp("shared") / "media"
    runs = {"same-1": SAME, "same-2": SAME, "rotate": ROTATE, "shear": SHEAR}
    procs = {
        name: subprocess.Popen(
            [sys.executable, "render.py", "render", SCENE, *TINY, *extra, "-o", str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, extra in runs.items()
    }
    results = {}
    deadline = time.time() + TIMEOUT
    for name, proc in procs.items():
        try:
            stdout, stderr = proc.communicate(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            for p in procs.values():
                p.kill()
            pytest.fail(f"{name} did not finish within {TIMEOUT}s")
        results[name] = (proc.returncode, stdout, stderr)
    return out, results


def manifests(out: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((out / SCENE).glob("*.json"))]


def test_all_four_exit_0(four_at_once):
    _, results = four_at_once
    for name, (code, _stdout, stderr) in results.items():
        assert code == 0, f"{name}: exit {code}\n{stderr[-2000:]}"
        assert "Traceback" not in stderr, f"{name}:\n{stderr[-2000:]}"


def test_same_parameters_render_once_and_the_other_waits_and_reuses(four_at_once):
    out, results = four_at_once
    statuses = sorted(
        "cached" if "cached" in results[n][1] else "rendered" if "rendered" in results[n][1] else "?"
        for n in ("same-1", "same-2")
    )
    assert statuses == ["cached", "rendered"], {n: results[n][1] for n in ("same-1", "same-2")}
    same = [m for m in manifests(out) if m["params"]["matrix"] == [[2.0, 1.0], [1.0, 2.0]]]
    assert len(same) == 1, "two writers of one clip each wrote a manifest"


def test_one_complete_decodable_clip_per_parameter_set(four_at_once):
    out, _ = four_at_once
    found = manifests(out)
    assert sorted(tuple(map(tuple, m["params"]["matrix"])) for m in found) == sorted(
        [((0.0, -1.0), (1.0, 0.0)), ((1.0, 1.0), (0.0, 1.0)), ((2.0, 1.0), (1.0, 2.0))]
    )
    assert len(list((out / SCENE).glob("*.mp4"))) == 3
    last_frames = []
    for m in found:
        for name in m["files"]:
            f = out / SCENE / name
            assert f.is_file() and f.stat().st_size > 0, f"{name} listed in the manifest but missing"
        mp4 = out / SCENE / next(n for n in m["files"] if n.endswith(".mp4"))
        frames = decode(mp4)
        assert frames[0].shape == (144, 256, 3)
        assert abs(len(frames) - m["duration"] * m["fps"]) <= 2, (len(frames), m["duration"], m["fps"])
        assert frames[-1].std() > 5, "the last frame is blank"
        last_frames.append(frames[-1].astype(int))
    # three different matrices: three different pictures, nobody wrote over another
    for i in range(len(last_frames)):
        for j in range(i + 1, len(last_frames)):
            assert np.abs(last_frames[i] - last_frames[j]).mean() > 1.0


def test_nothing_half_written_is_left(four_at_once):
    out, _ = four_at_once
    leftovers = [
        p
        for p in out.rglob("*")
        if p.name.startswith(".rendering-") or p.name.endswith(".partial") or p.name.startswith(".probe-")
    ]
    assert leftovers == []
    names = {p.suffix for p in (out / SCENE).iterdir()}
    assert names <= {".mp4", ".json", ".srt", ".vtt", ".png"}, names


# --- Ctrl-C with other renders around ------------------------------------------------------


def cpu_ticks(pid: int) -> int:
    """CPU time of the process's main thread (the progress bar's thread keeps ticking)."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_ctrl_c_while_waiting_for_another_render_of_the_same_clip(tmp_path):
    """Another process holds the clip's lock; Ctrl-C in the waiting one: exit 130, one message, nothing written."""
    from filelock import FileLock

    from production import RenderRequest, plan

    out = tmp_path / "media"
    sets = ("matrix=[[3,1],[1,3]]",)
    planned = plan(RenderRequest(scenes=(SCENE,), sets=sets, quality="l", out_dir=out))
    jobs = planned.jobs
    assert jobs and not planned.broken
    lock = FileLock(str(jobs[0].lock_path))
    jobs[0].lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock:
        proc = subprocess.Popen(
            [sys.executable, "render.py", "render", SCENE, "-q", "l", "-j", "1", "--set", sets[0], "-o", str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        # blocked on the lock = alive, started, and no longer using CPU
        deadline, last, still = time.time() + 120, -1, 0
        while time.time() < deadline and proc.poll() is None:
            time.sleep(0.5)
            ticks = cpu_ticks(proc.pid)
            still = still + 1 if ticks - last <= 1 else 0
            last = ticks
            if still >= 4:
                break
        if proc.poll() is not None or still < 4:
            proc.kill()
            pytest.fail(f"the render never waited on the lock: {proc.communicate()[1][-1000:]}")
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert not stray_files(out), stray_files(out)


def not_whole_clips(out: Path) -> list[Path]:
    """What ``stray_files`` finds in ``out`` that is not a whole published clip: its folder, its
    manifest and every file the manifest lists, all there (a clip that finished before Ctrl-C)."""
    whole: set[Path] = set()
    for manifest in out.glob("*/*.json"):
        files = [manifest.parent / name for name in json.loads(manifest.read_text())["files"]]
        if all(f.is_file() for f in files):
            whole |= {manifest.parent, manifest, *files}
    return [p for p in stray_files(out) if p not in whole]


def test_ctrl_c_to_a_parallel_batch_leaves_nothing_and_the_rerun_works(tmp_path):
    """Ctrl-C (SIGINT to the process group, as a terminal sends it) during a -j 2 batch of two clips."""
    out = tmp_path / "media"
    cmd = [sys.executable, "render.py", "render", SCENE, "determinant", *SMALL, "-j", "2", "-o", str(out)]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None and len(list(out.glob(".rendering-*"))) < 2:
        time.sleep(0.1)
    time.sleep(1.0)
    if proc.poll() is not None:
        pytest.fail(f"the batch ended before Ctrl-C: {proc.communicate()[1][-1000:]}")
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    # the short clip may have finished, whole, in the moment before Ctrl-C; the other was cut off
    leftovers, finished = not_whole_clips(out), sorted(p.name for p in out.glob("*/*.json"))
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert len(list((out / SCENE).glob("*.mp4"))) == 1 and len(list((out / "determinant").glob("*.mp4"))) == 1
    assert leftovers == [], leftovers
    assert len(finished) < 2, finished
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr, stderr[-3000:]
