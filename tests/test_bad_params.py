"""Bad parameters for every scene, through the CLI, the way a teacher types them.

Every scene in ``intuition.catalog.SCENES`` (whatever it holds when the tests
run) x every parameter x a table of hostile values (wrong types, NaN, inf,
empty, huge, negative, zero, tiny, long lists, hostile formulas, control
characters). Each ``inspect --set name=value`` must either

- succeed (exit 0, the model's JSON on stdout: ``spec.build`` and
  ``spec.compute`` both worked), or
- be refused with exit 2 and one stderr line that names the parameter.

Never a traceback, never exit 1, never a hang. For one accepted odd value the
real manim scene is built too (``scene_checks.build_scene``, no video): one
scene per family by default, every scene with ``INTUITION_SLOW=1``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from intuition import catalog
from intuition.params import coerce_text
from render import cli

# kind -> values as typed after --set name=
BAD_VALUES: dict[str, list[str]] = {
    "wrong type": ['"abc"', "abc", "true", "{a = 1}", '["a", "b"]', "1979-05-27", "[[[1]]]", "[1, 2, 3]"],
    "NaN": ["nan", "[nan, nan]", "[[nan, 1], [1, 1]]"],
    "inf": ["inf", "-inf", "[inf, 1]", "[[inf, 1], [1, 1]]"],
    "empty": ['""', "[]", "[[]]", ""],
    "huge": ["1e308", "9223372036854775807", "10000000", "[1e308, 1e308]", "[[1e308, 0], [0, 1]]",
             "[1000000, 1000000]", "'" + "x" * 10_000 + "'"],
    "negative": ["-1", "-1e9", "[-1, -1]", "[[-1, -1], [-1, -1]]", "-0.0"],
    "zero": ["0", "[0, 0]", "[[0, 0], [0, 0]]"],
    "tiny or fractional": ["2.5", "1e-300", "[1e-300, 1e-300]"],
    "long list": ["[" + ",".join(["1"] * 5000) + "]", "[" * 2000 + "]" * 2000, "[" + ",".join(["[1, 1]"] * 2000) + "]",
                  "[1000, 1000, 1000]"],
    "hostile text": ["'exp(exp(exp(100)))'", "'__import__(\"os\").system(\"true\")'", '"x\\n+"',
                     "'1if x else 2'", "'x**9**9'", '"a\\u0000b"', '"../../etc/passwd"'],
}
MAX_SECONDS = 8.0  # one inspect; the slowest model takes ~1 s on a loaded machine

SCENE_NAMES = sorted(catalog.SCENES)
TALLY: dict[str, Counter] = {}


@pytest.fixture(scope="module", autouse=True)
def _report_tally(request):
    yield
    write_tally(request, "parameters", TALLY)


def write_tally(request, name: str, tally_: dict[str, Counter]) -> None:
    """Leave the counts for the issue's table in $TMPDIR/intuition-reliability/ and print them."""
    folder = Path(tempfile.gettempdir()) / "intuition-reliability"
    folder.mkdir(exist_ok=True)
    rows = {k: dict(v) for k, v in sorted(tally_.items())}
    (folder / f"{name}-{os.getpid()}.json").write_text(json.dumps(rows, indent=1))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            for k, v in rows.items():
                reporter.write_line(f"  {name:12} {k:34} tried {v['tried']:5}  handled {v['handled']:5}")


def classify(scene: str, param: str, raw: str) -> tuple[str, str]:
    """('accepted' | 'refused' | 'BROKEN', detail) for one ``inspect --set param=raw``."""
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["inspect", scene, "--set", f"{param}={raw}"])
    took = time.perf_counter() - started
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    if took > MAX_SECONDS:
        return "BROKEN", f"took {took:.1f}s"
    if result.exit_code == 0:
        try:
            data = json.loads(result.stdout)
        except ValueError as err:
            return "BROKEN", f"exit 0 but stdout is not JSON ({err})"
        if data.get("scene") != scene:
            return "BROKEN", "exit 0 but the JSON names another scene"
        return "accepted", ""
    if result.exit_code == 2:
        if len(lines) != 1:
            return "BROKEN", f"exit 2 with {len(lines)} stderr lines: {lines[:3]}"
        if len(lines[0]) > 600:
            return "BROKEN", f"exit 2 but the line is {len(lines[0])} characters long: {lines[0][:100]}..."
        if "Traceback" in lines[0] or not re.search(rf"(?<![\w-]){re.escape(param)}(?![\w-])", lines[0]):
            return "BROKEN", f"exit 2 but the line does not name {param!r}: {lines[0][:160]}"
        return "refused", lines[0]
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        return "BROKEN", f"exit {result.exit_code}: {type(exc).__name__}: {str(exc)[:160]}"
    return "BROKEN", f"exit {result.exit_code}: {lines[:3]}"


@cache
def walk(scene: str) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """Every parameter x every bad value of one scene: (outcomes, problems)."""
    spec = catalog.get(scene)
    outcomes, problems = [], []
    for param in spec.params.model_fields:
        for kind, values in BAD_VALUES.items():
            for raw in values:
                status, detail = classify(scene, param, raw)
                outcomes.append((param, kind, raw, status))
                c = TALLY.setdefault(kind, Counter())
                c["tried"] += 1
                c["handled"] += int(status != "BROKEN")
                if status == "BROKEN":
                    problems.append(f"{scene} --set {param}={raw[:40]}: {detail}")
    return outcomes, problems


@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_every_parameter_takes_or_refuses_every_bad_value(scene):
    outcomes, problems = walk(scene)
    assert outcomes, f"{scene} has no parameters to try"
    assert not problems, "\n".join(problems[:20])


def test_the_walk_refuses_the_obvious_ones():
    """The table is not vacuous: NaN and inf are never accepted for numbers."""
    spec = catalog.get("matrix-transform")
    for raw in ("[[nan, 1], [1, 1]]", "[[inf, 1], [1, 1]]", "abc", "[]"):
        status, detail = classify(spec.name, "matrix", raw)
        assert status == "refused", (raw, status, detail)
        assert "parameter 'matrix'" in detail


# --- one odd accepted value per scene, built for real -------------------------------

PREFERRED_KINDS = ["huge", "negative", "zero", "tiny or fractional", "long list", "empty", "wrong type"]


def odd_value(scene: str) -> tuple[str, str] | None:
    """The first accepted (param, raw) in PREFERRED_KINDS order that differs from the default."""
    spec = catalog.get(scene)
    outcomes, _ = walk(scene)
    accepted = {(p, k, r) for p, k, r, s in outcomes if s == "accepted"}
    defaults = spec.build({}).model_dump()
    for kind in PREFERRED_KINDS:
        for param in spec.params.model_fields:
            if param == "title":
                continue
            for raw in BAD_VALUES[kind]:
                if (param, kind, raw) in accepted and spec.build({param: coerce_text(raw)}).model_dump() != defaults:
                    return param, raw
    return None


# Building a scene costs seconds: by default one scene per family, every scene
# with INTUITION_SLOW=1 (about a minute on 2 quiet cores, far more on a busy one).
SLOW = os.environ.get("INTUITION_SLOW", "") not in ("", "0")
SAMPLE = {next(s.name for s in catalog.SCENES.values() if s.family == f)
          for f in {s.family for s in catalog.SCENES.values()}}


def _build_params():
    for scene in SCENE_NAMES:
        if scene in SAMPLE:
            yield scene
        else:
            yield pytest.param(scene, marks=pytest.mark.skipif(not SLOW, reason="INTUITION_SLOW=1 builds every scene"))


@pytest.mark.render
@pytest.mark.parametrize("scene", list(_build_params()))
def test_an_accepted_odd_value_builds_the_real_scene(scene):
    pick = odd_value(scene)
    if pick is None:
        pytest.skip(f"{scene} refuses every odd value")
    try:
        catalog.get(scene).load_class()
    except ModuleNotFoundError as err:
        pytest.skip(f"{scene}'s scene class is not written yet ({err.name})")
    from scene_checks import build_scene

    param, raw = pick
    build_scene(scene, **{param: coerce_text(raw)})  # no exception is the test


HOSTILE_KEYS = ["bogus=1", "=1", "matrix", "a\nb=1", "__class__=1", "model_config=1", "ｍatrix=1", "x" * 5000 + "=1",
                "matrix=[[1,2],[3,4]]=5", "MATRIX=[[1,0],[0,1]]", "--set=1"]


@pytest.mark.parametrize("pair", HOSTILE_KEYS, ids=range(len(HOSTILE_KEYS)))
def test_hostile_keys_are_one_line_exit_2(pair):
    result = CliRunner().invoke(cli, ["inspect", "matrix-transform", "--set", pair])
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    handled = result.exit_code == 2 and len(lines) == 1 and "Traceback" not in result.output
    c = TALLY.setdefault("hostile keys", Counter())
    c["tried"] += 1
    c["handled"] += int(handled)
    assert handled, (result.exit_code, result.output, result.exception)
    assert "parameter" in lines[0] and len(lines[0]) < 400
