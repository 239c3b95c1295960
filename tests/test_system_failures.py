"""The world outside Python misbehaving: unwritable or full output folders, no LaTeX.

Tests run as root, for whom folder permissions mean nothing; unwritable
folders are made with /proc, /sys, a file standing where a folder should be,
and (where the container allows ``mount``) a tiny tmpfs that fills up.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from render import cli

ROOT = Path(__file__).resolve().parent.parent
SCENE = "matrix-transform"
TINY = ["-q", "l", "--resolution", "256x144", "--fps", "5", "--draft", "-j", "1",
        "--set", "show_vector=false", "--set", "show_unit_square=false"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_error_line(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- read-only / unwritable output folder ---------------------------------------------


def _unwritable(kind: str, tmp_path: Path) -> Path:
    if kind == "under /proc":
        return Path("/proc/intuition-out")
    if kind == "under /sys":
        return Path("/sys/intuition-out/media")
    if kind == "a file":
        f = tmp_path / "media"
        f.write_text("not a folder")
        return f
    if kind == "under a file":
        f = tmp_path / "file"
        f.write_text("not a folder")
        return f / "media"
    if kind == "a device":
        return Path("/dev/null")
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["under /proc", "under /sys", "a file", "under a file", "a device"])
@pytest.mark.parametrize("fmt", ["mp4", "png"])
def test_unwritable_output_folder_is_one_line_exit_2(tmp_path, kind, fmt):
    out = _unwritable(kind, tmp_path)
    if kind == "under /sys" and os.access("/sys", os.W_OK) and not _sys_is_read_only():
        pytest.skip("/sys is writable here")
    line = one_error_line(run("render", SCENE, *TINY, "-f", fmt, "-o", str(out)))
    assert "cannot write to output folder" in line and str(out) in line


def _sys_is_read_only() -> bool:
    try:
        os.mkdir("/sys/intuition-probe")
    except OSError:
        return True
    os.rmdir("/sys/intuition-probe")
    return False


def test_unwritable_output_is_refused_before_anything_renders(tmp_path, monkeypatch):
    """The check comes first: no scene is built (it would take seconds) before failing."""
    import production.rendering

    def must_not_render(*a, **k):
        raise AssertionError("rendered although the output folder is unwritable")

    monkeypatch.setattr(production.rendering, "_render_into", must_not_render)
    one_error_line(run("render", SCENE, *TINY, "-o", "/proc/intuition-out"))


def test_a_file_where_the_scene_folder_goes_is_one_line_exit_2(tmp_path, monkeypatch):
    import production.rendering

    def fake_render(job, scene_class, media_dir, progress, *_):
        clip = Path(media_dir) / "clip.mp4"
        clip.write_bytes(b"\0" * 64)
        return {f".{job.fmt}": clip}, {"duration": 1.0, "captions": [], "width": 256, "height": 144, "fps": 5}

    monkeypatch.setattr(production.rendering, "_render_into", fake_render)
    out = tmp_path / "media"
    out.mkdir()
    (out / SCENE).write_text("a file, not the scene's folder")
    line = one_error_line(run("render", SCENE, *TINY, "-o", str(out)))
    assert SCENE in line


# --- disk full ---------------------------------------------------------------------------


def test_disk_full_while_rendering_is_reported_and_leaves_nothing(tmp_path, monkeypatch):
    """Simulated: the writer fails with ENOSPC midway (cheap, runs everywhere)."""
    import production.rendering

    def full(job, scene_class, media_dir, progress, *_):
        (Path(media_dir) / "partial.mp4").write_bytes(b"\0" * 1024)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(production.rendering, "_render_into", full)
    out = tmp_path / "media"
    result = run("render", SCENE, *TINY, "-o", str(out))
    assert result.exit_code in (1, 2), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert "No space left on device" in result.output
    assert not [p for p in out.rglob("*") if p.name != ".requests"], list(out.rglob("*"))


@pytest.fixture
def tiny_disk(tmp_path):
    """An 8 KiB tmpfs: a render fills it within the first animation."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(mnt)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.mark.render
def test_real_full_disk_says_so_and_leaves_nothing(tiny_disk):
    out = tiny_disk / "media"
    proc = subprocess.run([sys.executable, "render.py", "render", SCENE, *TINY, "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    text = proc.stdout + proc.stderr
    assert proc.returncode in (1, 2), text
    assert "Traceback" not in text
    # nothing half written: no scratch folder, no clip without a manifest
    assert not list(out.glob(".rendering-*"))
    assert not list(out.rglob("*.mp4"))
    assert "No space left on device" in text or "disk is full" in text.lower(), text


# --- missing LaTeX ---------------------------------------------------------------------------

PACKAGES = "texlive-latex-base"


def test_no_latex_on_path_names_the_debian_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing at all on PATH
    out = tmp_path / "media"
    line = one_error_line(run("render", SCENE, *TINY, "--tex", "latex", "-o", str(out)))
    assert "apt-get install" in line and PACKAGES in line and "dvisvgm" in line
    assert "latex" in line.split("needs", 1)[-1]
    assert not out.exists(), "nothing is written when a system piece is missing"


def test_latex_without_dvisvgm_names_only_dvisvgm_as_missing(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "latex"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    line = one_error_line(run("render", SCENE, *TINY, "--tex", "latex", "-o", str(tmp_path / "media")))
    needs = line.split("needs", 1)[1].split(":", 1)[0]
    assert "dvisvgm" in needs and "latex" not in needs, line


def test_missing_latex_is_reported_before_the_output_check(tmp_path, monkeypatch):
    """Two problems at once: the one that needs installing software is named (one line)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    line = one_error_line(run("render", SCENE, *TINY, "--tex", "latex", "-o", "/proc/intuition-out"))
    assert "latex" in line


def test_typst_needs_no_tex_on_path(tmp_path, monkeypatch):
    """The default typesetter works with an empty PATH (checked cheaply: validation and plan only)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("render", SCENE, *TINY, "-o", "/proc/intuition-out")
    line = one_error_line(result)
    assert "latex" not in line.lower() and "cannot write" in line


def test_readme_names_the_same_packages_as_the_cli(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    line = one_error_line(run("render", SCENE, *TINY, "--tex", "latex", "-o", str(tmp_path / "media")))
    packages = re.search(r"apt-get install ([\w. -]+?)(?: \(|$)", line).group(1).split()
    assert PACKAGES in packages and "dvisvgm" in packages
    readme = (ROOT / "README.md").read_text()
    missing = [p for p in packages if p not in readme]
    assert not missing, f"README does not mention {missing}"
