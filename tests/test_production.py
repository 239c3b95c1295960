"""The three layers and the one production API: a scene of your own renders like ours.

Fast checks of the rules (imports between layers, one registration, honest
keys) and real tiny renders (marked ``render``) of a teacher's own classes.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from intuition import catalog
from production import RenderRequest, plan
from production.fingerprint import code_files
from render import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "softmax.py"
TINY = ["-q", "l", "--resolution", "256x144", "--fps", "5", "--draft", "-j", "1"]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def imports_of(path: Path) -> list[tuple[str, int]]:
    """(module, line) of every import statement in a file, at any depth."""
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, node.lineno))
    return out


# --- layers ---------------------------------------------------------------------------


def test_scenes_use_the_production_layer_only_through_its_public_api():
    bad = [(str(p.relative_to(ROOT)), mod, line) for p in (ROOT / "scenes").rglob("*.py")
           for mod, line in imports_of(p) if mod.startswith("production.")]
    assert not bad, bad


def test_the_cli_imports_nothing_below_the_public_api():
    mods = [mod for mod, _ in imports_of(ROOT / "render.py")]
    assert "production" in mods
    assert not [m for m in mods if m.startswith(("production.", "scenes"))], mods


def test_intuition_imports_no_manim_and_no_layer_above_it():
    bad = [(str(p.relative_to(ROOT)), mod) for p in (ROOT / "intuition").rglob("*.py")
           for mod, _ in imports_of(p) if mod.split(".")[0] in ("manim", "scenes", "production")]
    assert not bad, bad


def test_scenes_folder_holds_storyboards_and_the_kit_only():
    plumbing = {"rendering", "output", "batch", "cluster", "media", "request_cache", "gallery", "notebook"}
    assert not [p for p in (ROOT / "scenes").rglob("*.py") if p.stem in plumbing]


def test_the_kit_documents_every_block_it_exports():
    import scenes.kit as kit

    missing = [name for name in kit.__all__ if not (getattr(kit, name).__doc__ or "").strip()]
    assert not missing, missing
    assert "examples/softmax.py" in kit.__doc__


# --- one registration -------------------------------------------------------------------


def test_no_scene_class_repeats_its_catalog_name():
    for path in (ROOT / "scenes").rglob("*.py"):
        assert "spec_name" not in path.read_text(), path


def test_every_catalog_entry_finds_its_class_and_the_class_finds_its_entry():
    for spec in catalog.SCENES.values():
        cls = spec.load_class()
        assert cls.__name__ == spec.class_name
        assert catalog.spec_for_class(cls) is spec
        assert cls.scene_spec() is spec


def test_list_names_every_class_and_file_for_the_plain_manim_command():
    """What `list --classes` prints is what manim's own loader finds in that file."""
    from manim.utils.module_ops import get_module, get_scene_classes_from_module

    result = run("list", "--classes")
    assert result.exit_code == 0, result.output
    rows = [ln.split() for ln in result.output.splitlines() if ln.startswith("  ")]
    assert {r[0] for r in rows} == set(catalog.SCENES)
    cwd = os.getcwd()
    os.chdir(ROOT)  # manim names the module after the path as typed, like the README's command
    try:
        for name, file, class_name in rows:
            assert (ROOT / file).is_file(), file
            found = {c.__name__: c for c in get_scene_classes_from_module(get_module(Path(file)))}
            assert class_name in found, (name, file, sorted(found))
            assert found[class_name].scene_spec().name == name  # found by file, under manim's module name
    finally:
        os.chdir(cwd)


def test_describe_shows_class_and_file():
    result = run("describe", "bayes")
    assert result.exit_code == 0
    spec = catalog.get("bayes")
    assert f"class: {spec.class_name} in scenes/probability/bayes.py" in result.output


def test_describe_and_inspect_a_scene_of_your_own():
    result = run("describe", f"{EXAMPLE}:Softmax")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("softmax: ")
    assert "class: Softmax in " in result.output
    result = run("inspect", f"{EXAMPLE}:Softmax", "--set", "scores=[1,1]", "--set", 'labels=["a","b"]')
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["probabilities"] == [0.5, 0.5]


def test_the_example_model_matches_an_independent_softmax():
    import math

    import numpy as np

    from production.sources import load_source

    cls = load_source(f"{EXAMPLE}:Softmax")
    rng = np.random.default_rng(3)
    for _ in range(50):
        n = int(rng.integers(2, 7))
        scores, t = rng.uniform(-5, 5, n).tolist(), float(rng.uniform(0.1, 10))
        m = cls.spec.compute(cls.build_params({"scores": scores, "labels": [f"c{k}" for k in range(n)],
                                               "temperature": t}))
        # the textbook formula, written out in plain Python
        weights = [math.exp(s / t) for s in scores]
        assert m.probabilities == pytest.approx([w / sum(weights) for w in weights], rel=1e-9)
        assert sum(m.probabilities) == pytest.approx(1.0, abs=1e-12)
        assert m.winner == f"c{int(np.argmax(scores))}"


@pytest.mark.parametrize(("ref", "fragment"), [
    ("nowhere.py:Scene", "no such file"),
    (f"{EXAMPLE}:Nope", "has no class Nope; scenes in it: Softmax"),
    (f"{EXAMPLE}:SoftmaxParams", "is not an intuition scene"),
])
def test_a_bad_scene_file_reference_is_one_line(ref, fragment):
    result = run("render", ref, "-o", "/tmp/never-written")
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert not Path("/tmp/never-written").exists()


def test_a_bad_value_in_the_example_names_the_parameter():
    result = run("inspect", f"{EXAMPLE}:Softmax", "--set", "scores=[1,2,3]")
    assert result.exit_code == 2
    assert "parameter 'labels': give one per score (3), got 4" in result.stderr


# --- honest keys --------------------------------------------------------------------------


def test_the_key_follows_the_code_a_scene_uses_and_nothing_else():
    files = {p.relative_to(ROOT).as_posix() for p in code_files(ROOT / "scenes/linear_algebra/determinant.py")}
    assert {"scenes/style.py", "scenes/plane.py", "scenes/base.py", "production/rendering.py"} <= files
    assert not {"production/gallery.py", "production/notebook.py", "render.py",
                "scenes/probability/bayes.py"} & files, sorted(files)
    # the catalog module with its parameters and the math it computes come in through the planner
    job = plan(RenderRequest(scenes=("determinant",))).jobs[0]
    assert job.code and job.source == "scenes.linear_algebra.determinant:Determinant"


def _pca_job(csv: Path, out: Path):
    return plan(RenderRequest(scenes=("pca",), sets=(f"csv={csv}",), quality="l", out_dir=out)).jobs[0]


def test_editing_a_data_file_changes_the_key(tmp_path):
    csv = tmp_path / "points.csv"
    csv.write_text("x,y\n1,2\n2,3.5\n3,3\n4,6\n")
    first = _pca_job(csv, tmp_path / "media")
    csv.write_text("x,y\n1,2\n2,3.5\n3,3\n4,7\n")
    second = _pca_job(csv, tmp_path / "media")
    assert first.key != second.key
    assert dict(second.inputs)["csv"] != dict(first.inputs)["csv"]


def test_pca_csv_edited_between_two_renders_renders_again(tmp_path, monkeypatch):
    """Through the CLI twice, with the request cache in the way: the second is not a hit."""
    import production.rendering

    def fake_render(job, scene_class, media_dir, progress, *_):
        clip = Path(media_dir) / "clip.mp4"
        clip.write_bytes(Path(job.params.csv).read_bytes())
        return {".mp4": clip}, {"duration": 1.0, "captions": [], "width": 256, "height": 144, "fps": 5}

    monkeypatch.setattr(production.rendering, "_render_into", fake_render)
    csv = tmp_path / "points.csv"
    csv.write_text("x,y\n1,2\n2,3.5\n3,3\n4,6\n")
    out = tmp_path / "media"
    args = ["render", "pca", "--set", f"csv={csv}", *TINY, "-o", out]
    assert "rendered" in run(*args).output
    assert "cached" in run(*args).output
    csv.write_text("x,y\n1,2\n2,3.5\n3,3\n4,8\n")
    again = run(*args)
    assert again.exit_code == 0, again.output
    assert "rendered" in again.output and "cached" not in again.output
    assert len(list((out / "pca").glob("*.mp4"))) == 2


def test_a_lesson_reads_its_data_beside_itself_from_any_working_folder(tmp_path, monkeypatch):
    lesson_dir = tmp_path / "lesson"
    lesson_dir.mkdir()
    (lesson_dir / "points.csv").write_text("x,y\n1,2\n2,3.5\n3,3\n4,6\n")
    (lesson_dir / "pca.toml").write_text('[[clip]]\nscene = "pca"\nparams = { csv = "points.csv" }\n')
    keys = set()
    for cwd in (tmp_path, lesson_dir, ROOT):
        monkeypatch.chdir(cwd)
        job = plan(RenderRequest(lessons=(str(lesson_dir / "pca.toml"),), out_dir=tmp_path / "media")).jobs[0]
        assert Path(job.params.csv) == lesson_dir / "points.csv"
        keys.add(job.key)
    assert len(keys) == 1


def test_notebook_and_cli_share_the_defaults(tmp_path):
    from production.notebook import OPTIONS  # noqa: F401 - the helper exists

    cli_job = plan(RenderRequest(scenes=("determinant",), out_dir=tmp_path)).jobs[0]
    nb_job = plan(RenderRequest(scenes=("determinant",), values={}, out_dir=tmp_path, workers=1)).jobs[0]
    assert (cli_job.quality, cli_job.fmt, cli_job.key) == (nb_job.quality, nb_job.fmt, nb_job.key)


# --- real renders of your own classes -------------------------------------------------------

SUBCLASS = '''
from scenes.linear_algebra.determinant import Determinant


class MyDeterminant(Determinant):
    matrix = [[2, 0], [0, 1.5]]

    def caption(self, text, **kwargs):
        return super().caption("MY OWN WORDS: " + text, **kwargs)
'''


@pytest.mark.render
def test_example_scene_renders_through_the_whole_pipeline_and_gets_a_card(tmp_path):
    out = tmp_path / "media"
    result = run("render", f"{EXAMPLE.relative_to(ROOT)}:Softmax", *TINY, "-o", out)
    assert result.exit_code == 0, result.output
    folder = out / "softmax"
    suffixes = sorted(p.name.split(".", 1)[1] for p in folder.iterdir())
    assert suffixes == ["json", "mp4", "poster.png", "srt", "vtt"], suffixes
    manifest = json.loads(next(folder.glob("*.json")).read_text())
    assert manifest["source"].endswith("examples/softmax.py:Softmax")
    assert "divide each by their total" in next(folder.glob("*.srt")).read_text()
    page = run("gallery", "-o", out)
    assert page.exit_code == 0, page.output
    html = (out / "index.html").read_text()
    assert 'data-scene="softmax"' in html and "examples/softmax.py:Softmax" in html


@pytest.mark.render
def test_a_subclass_with_its_own_caption_renders_as_itself(tmp_path):
    mine = tmp_path / "mine.py"
    mine.write_text(textwrap.dedent(SUBCLASS))
    out = tmp_path / "media"
    result = run("render", f"{mine}:MyDeterminant", *TINY, "-o", out)
    assert result.exit_code == 0, result.output
    srt = next((out / "my-determinant").glob("*.srt")).read_text()
    assert "MY OWN WORDS: " in srt
    manifest = json.loads(next((out / "my-determinant").glob("*.json")).read_text())
    assert manifest["params"]["matrix"] == [[2.0, 0.0], [0.0, 1.5]]
    # .show() of the same class renders the class, not the stock scene
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from mine import MyDeterminant
        clip = MyDeterminant().show(quality="l", out_dir={str(tmp_path / 'nb')!r}, resolution=(256, 144),
                                    fps=5, draft=True)
        print(clip.path)
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip().splitlines()[-1])
    assert "MY OWN WORDS: " in path.with_suffix(".srt").read_text()
    assert '<video' in subprocess.run(
        [sys.executable, "-c", code + "\nprint(clip._repr_html_()[:20])"], cwd=ROOT, capture_output=True,
        text=True, timeout=300).stdout


@pytest.mark.render
def test_the_plain_manim_command_renders_a_listed_class(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "manim", "-ql", "--dry_run", "scenes/linear_algebra/determinant.py", "Determinant"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
