"""What a new user hit (issue 19), one test per row: each failed on the old behaviour."""

from __future__ import annotations

import html
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from production import RenderRequest, plan
from render import cli

ROOT = Path(__file__).resolve().parent.parent
TINY = ["-q", "l", "--resolution", "256x144", "--fps", "5", "--draft", "-j", "1"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_error_line(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def fake_render(monkeypatch):
    """Renders nothing: a few bytes stand for the video, so pipeline tests take milliseconds."""
    import production.rendering

    def fake(job, scene_class, media_dir, progress, *_):
        main = Path(media_dir) / f"clip{job.suffix}"
        main.write_bytes(job.key.encode() * 8)
        poster = Path(media_dir) / "poster.png"
        poster.write_bytes(b"png")
        return ({job.suffix: main, ".poster.png": poster},
                {"duration": 2.0, "captions": [], "width": job.size[0], "height": job.size[1],
                 "fps": job.frame_rate})

    monkeypatch.setattr(production.rendering, "_render_into", fake)


def card_commands(page: Path) -> list[str]:
    text = page.read_text()
    return [html.unescape(c) for c in re.findall(r"<span>Command</span>.*?<code>(.*?)</code>", text, re.S)]


# --- gallery ------------------------------------------------------------------------------


def test_every_gallery_command_pastes_as_a_cache_hit(tmp_path, fake_render):
    out = tmp_path / "media"
    for args in (["gradient-descent"], ["pca", "--set", "n_points=30"], ["matrix-transform", "-f", "webm"],
                 ["derivative", "--set", "f=sin(x) * x**2"], ["determinant", "--fps", "15", "-q", "l"],
                 ["bayes", "--set", "title=2024"]):
        tiny = TINY if "--fps" not in args else ["--draft", "-j", "1"]
        result = run("render", *args, *tiny, "-o", out)
        assert result.exit_code == 0, result.output
    assert run("gallery", "-o", out).exit_code == 0
    commands = card_commands(out / "index.html")
    assert len(commands) == 6
    for command in commands:
        argv = shlex.split(command)
        assert argv[:3] == ["python", "render.py", "render"], command
        assert "null" not in command
        pasted = run(*argv[2:], "-o", out)
        assert pasted.exit_code == 0, (command, pasted.output)
        assert "cached" in pasted.output and "rendered" not in pasted.output, (command, pasted.output)


def test_an_explicit_default_fps_or_size_is_the_same_clip(tmp_path):
    def key(**kw):
        return plan(RenderRequest(scenes=("determinant",), out_dir=tmp_path, **kw)).jobs[0].key

    assert key(quality="l", fps=15) == key(quality="l")
    assert key(quality="m", fps=30, resolution=(1280, 720)) == key()
    assert key(quality="l", fps=10) != key(quality="l")
    assert key(fmt="gif", fps=10) == key(fmt="gif")  # a gif's own default rate


def test_gallery_into_a_file_is_one_line(tmp_path):
    target = tmp_path / "x"
    target.write_text("a file")
    assert "is a file" in one_error_line(run("gallery", "-o", target))


def test_gallery_of_a_missing_folder_says_so_and_creates_nothing(tmp_path):
    typo = tmp_path / "typo"
    line = one_error_line(run("gallery", "-o", typo))
    assert "no folder" in line
    assert not typo.exists()


def test_gallery_of_an_empty_folder_says_no_clips(tmp_path):
    line = one_error_line(run("gallery", "-o", tmp_path))
    assert "no clips found" in line
    assert not (tmp_path / "index.html").exists()


def test_transparent_mov_card_is_a_download_not_a_broken_player(tmp_path, fake_render):
    out = tmp_path / "media"
    assert run("render", "determinant", "-f", "mov", "--transparent", *TINY, "-o", out).exit_code == 0
    assert run("gallery", "-o", out).exit_code == 0
    page = (out / "index.html").read_text()
    card = page[page.index('data-format="mov"'):]
    card = card[: card.find("</article>")]
    assert "<video" not in card
    assert "for video editors" in card and " download>" in card


# --- flags --------------------------------------------------------------------------------


@pytest.mark.render
def test_a_frame_past_the_end_names_the_duration(tmp_path):
    out = tmp_path / "media"
    line = one_error_line(run("render", "determinant", "-f", "png", "--frame", "500", *TINY, "-o", out))
    assert "--frame 500" in line and re.search(r"only \d+\.\d s long", line), line
    assert not list(out.rglob("*.png"))


def test_frame_without_format_is_documented():
    help_text = run("render", "--help").output
    assert re.search(r"--frame SECONDS\s+Write the frame at this second as a PNG\s+\(implies -f png", help_text)


def test_storyboard_transparent_names_the_format(tmp_path):
    line = one_error_line(run("render", "determinant", "-f", "storyboard", "--transparent", "-o", tmp_path))
    assert "(storyboard has no alpha channel)" in line


def test_all_and_scene_names_conflict(tmp_path):
    line = one_error_line(run("render", "--all", "determinant", "-o", tmp_path / "m"))
    assert "--all" in line and "not both" in line
    assert not (tmp_path / "m").exists()


def test_inspect_uses_the_lesson_clip_params(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[[clip]]\nscene = "gradient-descent"\nparams = { learning_rate = 0.05, steps = 7 }\n')
    result = run("inspect", "gradient-descent", "-c", mine)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["params"]["learning_rate"] == 0.05 and data["params"]["steps"] == 7
    assert "first [[clip]]" in run("inspect", "--help").output


def test_a_caret_gets_a_hint_about_powers():
    line = one_error_line(run("inspect", "derivative", "--set", "f=x^2"))
    assert "write powers with **, like x**2" in line


@pytest.mark.parametrize(("raw", "text"), [("2024", "2024"), ("true", "true"), ("1.5", "1.5")])
def test_text_parameters_take_what_toml_reads_as_numbers(raw, text):
    result = run("inspect", "determinant", "--set", f"title={raw}")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["params"]["title"] == text


# --- gif ----------------------------------------------------------------------------------


@pytest.mark.render
def test_eigenvectors_gif_is_small_and_as_long_as_the_video(tmp_path):
    import av

    from production.gif import gif_duration

    out = tmp_path / "media"
    result = run("render", "eigenvectors", "-f", "gif", "-j", "1", "-o", out)
    assert result.exit_code == 0, result.output
    gif = next((out / "eigenvectors").glob("*.gif"))
    assert gif.stat().st_size < 4_000_000, gif.stat().st_size
    manifest = json.loads(next((out / "eigenvectors").glob("*.json")).read_text())
    assert manifest["quality"] == "l" and manifest["fps"] == 10
    result = run("render", "eigenvectors", "-q", "l", "--draft", "-j", "1", "-o", out)
    assert result.exit_code == 0, result.output
    mp4 = next((out / "eigenvectors").glob("*.mp4"))
    with av.open(str(mp4)) as c:
        stream = c.streams.video[0]
        frames = [f for f in c.decode(stream)]
        video_seconds = float((frames[-1].pts + frames[-1].duration) * stream.time_base) if frames[-1].duration \
            else len(frames) / float(stream.average_rate)
    assert abs(gif_duration(gif) - video_seconds) <= 0.1, (gif_duration(gif), video_seconds)


# --- Jupyter --------------------------------------------------------------------------------


@pytest.mark.render
def test_a_notebook_shows_a_clip(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    out = tmp_path / "media"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from scenes import Determinant"),
        nbformat.v4.new_code_cell(f"Determinant(matrix=[[1, 2], [0, 1]]).show(quality='l', resolution=(256, 144), "
                                  f"fps=5, draft=True, out_dir={str(out)!r})"),
    ]
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = nb.cells[1].outputs
    assert outputs and outputs[0].output_type == "execute_result", outputs
    assert "<video" in outputs[0].data["text/html"] and "data:video/mp4;base64," in outputs[0].data["text/html"]
    assert list((out / "determinant").glob("*.mp4"))
