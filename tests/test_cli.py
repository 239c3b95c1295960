"""Every command through click's CliRunner, bad input included."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from intuition import catalog
from render import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help and "Example" in command.help, f"{name} needs help text with an example"


def test_list_names_every_scene_with_its_concept():
    result = run("list")
    assert result.exit_code == 0
    for spec in catalog.SCENES.values():
        assert spec.name in result.output and spec.concept in result.output


def test_describe_shows_parameters():
    result = run("describe", "matrix-transform")
    assert result.exit_code == 0
    assert "matrix" in result.output and "[[2.0, 1.0], [1.0, 2.0]]" in result.output
    schema = json.loads(run("describe", "matrix-transform", "--json").output)
    assert "matrix" in schema["properties"]


def test_inspect_prints_the_model_as_json():
    result = run("inspect", "matrix-transform", "--set", "matrix=[[1,2],[3,4]]")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["determinant"] == pytest.approx(-2, abs=1e-9)
    assert data["params"]["matrix"] == [[1.0, 2.0], [3.0, 4.0]]


@pytest.mark.parametrize("scene", sorted(catalog.SCENES))
def test_inspect_every_scene_with_defaults_gives_json(scene):
    result = run("inspect", scene)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["scene"] == scene


def test_inspect_reads_a_config_table(tmp_path):
    lesson = tmp_path / "l.toml"
    lesson.write_text("[matrix-transform]\nmatrix = [[0, -1], [1, 0]]\n")
    data = json.loads(run("inspect", "matrix-transform", "--config", str(lesson)).output)
    assert data["determinant"] == pytest.approx(1.0)
    # --set wins over the file
    data = json.loads(
        run("inspect", "matrix-transform", "--config", str(lesson), "--set", "matrix=[[2,0],[0,2]]").output
    )
    assert data["determinant"] == pytest.approx(4.0)


BAD = [
    (["render", "matrix-transform", "--set", "matrix=[[1,2]]"], "parameter 'matrix'"),
    (["render", "matrix-transform", "--set", "bogus=1"], "parameter 'bogus'"),
    (["render", "matrix-transform", "--set", 'matrix=[[1,"a"],[2,3]]'], "parameter 'matrix'"),
    (["render", "matrix-transform", "--set", "matrix=[[1,2],[3,nan]]"], "parameter 'matrix'"),
    (["render", "no-such-scene"], "unknown scene"),
    (["render"], "name a scene"),
    (["render", "matrix-transform", "-q", "x"], "quality"),
    (["render", "matrix-transform", "--transparent"], "alpha"),
    (["inspect", "matrix-transform", "--set", "vector=[1]"], "parameter 'vector'"),
    (["describe", "nope"], "unknown scene"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, args, fragment):
    out = tmp_path / "OUT"
    if args[0] == "render":
        args = [*args, "-o", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert not out.exists() or not any(out.rglob("*"))


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("this is [not toml", "not valid TOML"),
        ('[[clip]]\nscene = "matrix-transform"\nmatrix = ' + "[" * 5000 + "]" * 5000 + "\n", "nested thousands deep"),
        ("[matrix-transform]\nmatrix = [[1, 2]]\n", "[matrix-transform]: parameter 'matrix'"),
        (
            '[[clip]]\nscene = "matrix-transform"\nparams = { bogus = 1 }\n',
            "clip 1 (matrix-transform): parameter 'bogus'",
        ),
        ('[[clip]]\ntitle = "no scene"\n', "clip 1: key 'scene' is missing"),
        ('[[clip]]\nscene = "matrix-transform"\nquality = "z"\n', "key 'quality'"),
        ("[nosuch]\nx = 1\n", "unknown scene"),
    ],
)
def test_bad_lesson_files_name_file_clip_and_key(tmp_path, content, fragment):
    lesson = tmp_path / "lesson.toml"
    lesson.write_text(content)
    out = tmp_path / "OUT"
    result = CliRunner().invoke(cli, ["render", "--config", str(lesson), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 2
    assert "lesson.toml" in result.stderr and fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_missing_config_file(tmp_path):
    result = run("render", "--config", str(tmp_path / "none.toml"), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_unwritable_output_folder_is_one_line(tmp_path):
    # /proc refuses new folders even to root, like a read-only mount
    result = run("render", "matrix-transform", "-o", "/proc/intuition-out")
    assert result.exit_code == 2 and "cannot write to output folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_read_only_folder_for_a_normal_user(tmp_path):
    import os

    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("root ignores folder permissions; the /proc test covers this case")
        result = run("render", "matrix-transform", "-o", str(ro / "out"))
        assert result.exit_code == 2 and "cannot write" in result.stderr
    finally:
        ro.chmod(0o700)


def test_latex_missing_is_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no latex, no dvisvgm
    result = run("render", "matrix-transform", "--tex", "latex", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "apt-get install texlive-latex-base" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
