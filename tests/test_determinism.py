"""Determinism: the same parameters and seed give the same numbers and the same pixels.

- ``inspect`` JSON is identical run to run, and across processes with different
  ``PYTHONHASHSEED`` (no set or dict order leaks into the model);
- a different seed gives different numbers (the seed really drives the model);
- two real ``-f png`` renders of a seeded scene, in separate output folders (no
  cache), decode to identical pixels and are identical byte for byte;
- x264 encodes the same frames to the same bytes every time (on a CPU with
  AVX-512, without its AVX-512 code: production.rendering).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from intuition import catalog
from render import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDED = sorted(name for name, spec in catalog.SCENES.items() if "seed" in spec.params.model_fields)


def inspect(scene: str, *sets: str) -> str:
    args = ["inspect", scene]
    for s in sets:
        args += ["--set", s]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_catalog_has_seeded_scenes():
    assert SEEDED, "no scene takes a seed: nothing random to pin down?"


@pytest.mark.parametrize("scene", SEEDED)
def test_same_seed_same_inspect_json_and_another_seed_other_numbers(scene):
    first = inspect(scene, "seed=12345")
    assert inspect(scene, "seed=12345") == first
    other = json.loads(inspect(scene, "seed=54321"))
    mine = json.loads(first)
    assert other.pop("params")["seed"] == 54321 and mine.pop("params")["seed"] == 12345
    assert other != mine, f"{scene}: the seed changes nothing in the model"


_DUMP = """
import json, sys
from intuition import catalog
out = {name: spec.inspect({}) for name, spec in sorted(catalog.SCENES.items())}
sys.stdout.write(json.dumps(out, sort_keys=True))
"""


def test_inspect_json_is_identical_across_processes_and_hash_seeds():
    """Every scene's defaults (seeded or not), in two fresh interpreters with different hash seeds."""
    procs = []
    for hash_seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        procs.append(subprocess.Popen([sys.executable, "-c", _DUMP], cwd=ROOT, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    outs = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr[-2000:]
        outs.append(stdout)
    a, b = (json.loads(o) for o in outs)
    assert set(a) == set(catalog.SCENES)
    differing = [name for name in a if a[name] != b[name]]
    assert not differing, f"inspect differs between processes for {differing}"
    assert outs[0] == outs[1]


# --- pixels ---------------------------------------------------------------------------

PNG_SCENE = "covariance" if "covariance" in catalog.SCENES else SEEDED[0] if SEEDED else "matrix-transform"
TINY = ["-q", "l", "--resolution", "256x144", "-f", "png", "-j", "1"]
SEED = ["--set", "seed=2024"] if "seed" in catalog.get(PNG_SCENE).params.model_fields else []


def decode_png(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return next(container.decode(video=0)).to_ndarray(format="rgb24")


@pytest.mark.render
def test_two_png_renders_are_identical(tmp_path):
    procs = []
    for run in ("a", "b"):
        cmd = [sys.executable, "render.py", "render", PNG_SCENE, *TINY, *SEED, "-o", str(tmp_path / run)]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for p in procs:
        _, stderr = p.communicate(timeout=600)
        assert p.returncode == 0, stderr[-2000:]
    pngs = [sorted((tmp_path / run / PNG_SCENE).glob("*.png")) for run in ("a", "b")]
    assert len(pngs[0]) == 1 and len(pngs[1]) == 1, pngs
    (a,), (b,) = pngs
    assert a.name == b.name, "the same parameters gave different cache keys"
    fa, fb = decode_png(a), decode_png(b)
    assert fa.shape == (144, 256, 3)
    assert fa.std() > 5, "the frame is blank"
    assert np.array_equal(fa, fb), f"{np.count_nonzero((fa != fb).any(axis=2))} pixels differ"
    assert a.read_bytes() == b.read_bytes()


def test_x264_is_given_every_instruction_set_but_avx512_on_a_cpu_that_has_it(monkeypatch):
    from numpy._core._multiarray_umath import __cpu_features__ as cpu

    from production import rendering
    from production.jobs import RenderJob

    def options(**job):
        cfg = rendering.manim_config(RenderJob(scene="svd", params=catalog.SCENES["svd"].build({}), **job), ROOT)
        return cfg.get("video_encoder_options", {})

    without = {"x264-params": rendering.X264_ASM_WITHOUT_AVX512}
    monkeypatch.setitem(cpu, "AVX512F", True)
    assert options() == without
    assert options(draft=True) == {**rendering.DRAFT_OPTIONS["libx264"], **without}
    assert options(fmt="webm") == {}  # vp9
    assert options(fmt="mov", transparent=True) == {}  # qtrle
    monkeypatch.setitem(cpu, "AVX512F", False)
    assert options() == {}
    assert options(draft=True) == rendering.DRAFT_OPTIONS["libx264"]


@pytest.mark.render
def test_the_same_frames_encode_to_the_same_bytes_every_time(tmp_path):
    """x264 with its AVX-512 code gave several byte streams for these frames in one process
    (bench/determinism.py, whose encoder this is); as a clip is encoded, it gives one."""
    from fractions import Fraction
    from types import SimpleNamespace

    from bench.determinism import encodings
    from production import rendering
    from production.jobs import RenderJob

    result = CliRunner().invoke(cli, ["render", "svd", "-q", "l", "-j", "1", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with av.open(str(next((tmp_path / "svd").glob("*.mp4")))) as container:
        frames = [f.to_ndarray(format="rgba") for f in container.decode(video=0)][150:240]
    job = RenderJob(scene="svd", params=catalog.SCENES["svd"].build({}), quality="l")
    options = {"crf": "23", **rendering.manim_config(job, tmp_path).get("video_encoder_options", {})}  # manim's crf
    spec = SimpleNamespace(codec="libx264", width=frames[0].shape[1], height=frames[0].shape[0],
                           pixel_format="yuv420p", frame_rate=Fraction(15), options=options)
    different = encodings(frames, [1] * len(frames), spec, runs=6, threads=0)
    assert different == 1, f"{different} different encodings of the same frames"
