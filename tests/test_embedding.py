"""Lessons and embedding, end to end: real (tiny) renders read back.

Every render here is matrix-transform at 256x144 and 5 fps, so a clip costs
seconds; what is checked is the file a teacher embeds, not the scene.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from render import cli

pytestmark = pytest.mark.render
ROOT = Path(__file__).resolve().parent.parent
TINY = ["-q", "l", "--resolution", "256x144", "--fps", "5"]


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result


def only(folder: Path, suffix: str) -> Path:
    found = [p for p in folder.rglob(f"*{suffix}") if not p.name.startswith(".")]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def mp4(out) -> Path:
    r = run("render", "matrix-transform", *TINY, "-o", str(out))
    assert r.exit_code == 0, r.output
    return only(out / "matrix-transform", ".mp4")


def test_mp4_plays_in_browsers(mp4):
    with av.open(str(mp4)) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264"
        assert s.codec_context.pix_fmt == "yuv420p"
        assert (s.codec_context.width, s.codec_context.height) == (256, 144)
        assert s.average_rate == 5
    head = mp4.read_bytes()[:200_000]
    assert 0 < head.find(b"moov") < head.find(b"mdat"), "index must come first (faststart)"


def test_poster_subtitles_and_manifest_beside_the_video(mp4):
    stem = mp4.name[: -len(".mp4")]
    poster = Image.open(mp4.with_name(stem + ".poster.png"))
    assert poster.size == (256, 144)
    assert np.asarray(poster).std() > 5, "poster frame is blank"
    assert mp4.with_name(stem + ".vtt").read_text().startswith("WEBVTT")
    assert "-->" in mp4.with_name(stem + ".srt").read_text()
    manifest = json.loads(mp4.with_name(stem + ".json").read_text())
    assert manifest["width"] == 256 and manifest["fps"] == 5
    assert all({"text", "start", "end"} <= set(c) for c in manifest["captions"])


def test_webm_transparent_carries_alpha(out):
    r = run("render", "matrix-transform", *TINY, "-f", "webm", "--transparent", "-o", str(out))
    assert r.exit_code == 0, r.output
    webm = only(out / "matrix-transform", ".webm")
    with av.open(str(webm)) as c:
        stream = c.streams.video[0]
        assert stream.metadata.get("alpha_mode") == "1", stream.metadata
        # ffmpeg's native vp9 decoder drops alpha; libvpx keeps it
        decoder = av.CodecContext.create("libvpx-vp9", "r")
        decoder.extradata = stream.codec_context.extradata
        formats = set()
        for packet in c.demux(stream):
            for frame in decoder.decode(packet):
                formats.add(frame.format.name)
            if formats:
                break
    assert formats == {"yuva420p"}


def test_gif_has_many_frames(out):
    r = run("render", "matrix-transform", *TINY, "-f", "gif", "-o", str(out))
    assert r.exit_code == 0, r.output
    gif = Image.open(only(out / "matrix-transform", ".gif"))
    assert gif.n_frames > 10


def test_png_last_frame_and_frame_at_a_time_differ(out):
    r1 = run("render", "matrix-transform", *TINY, "--preview", "-o", str(out / "a"))
    r2 = run("render", "matrix-transform", *TINY, "--frame", "1", "-o", str(out / "b"))
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    last = np.asarray(Image.open(only(out / "a", ".png")).convert("RGB")).astype(int)
    early = np.asarray(Image.open(only(out / "b", ".png")).convert("RGB")).astype(int)
    assert last.shape == early.shape == (144, 256, 3)
    assert np.abs(last - early).mean() > 1, "the frame at 1 s should not be the last frame"


def test_frame_needs_png():
    r = run("render", "matrix-transform", "--frame", "1", "-f", "mp4")
    assert r.exit_code == 2


def test_storyboard_has_a_panel_per_caption(out):
    from production.media import storyboard_layout

    r = run("render", "matrix-transform", *TINY, "-f", "storyboard", "-o", str(out / "sb"))
    assert r.exit_code == 0, r.output
    sheet_path = only(out / "sb", ".storyboard.png")
    manifest = json.loads(sheet_path.with_name(sheet_path.name.replace(".storyboard.png", ".json")).read_text())
    n = len(manifest["captions"])
    assert n >= 3
    sheet = Image.open(sheet_path).convert("RGB")
    # the layout for n panels, with the caption lines the sheet needed
    sizes = {storyboard_layout(n, (256, 144), lines, title=True)[0]: lines for lines in range(1, 5)}
    assert sheet.size in sizes
    _, boxes = storyboard_layout(n, (256, 144), sizes[sheet.size], title=True)
    panels = [np.asarray(sheet.crop(b)).astype(int) for b in boxes]
    assert all(p.std() > 5 for p in panels), "a panel is blank"
    assert all(np.abs(a - b).mean() > 0.5 for a, b in zip(panels, panels[1:])), "two steps look identical"


LESSON = """
[lesson]
title = "tiny"
quality = "l"

[[clip]]
scene = "matrix-transform"
title = "shear"
params = { matrix = [[1, 1], [0, 1]] }

[[clip]]
scene = "matrix-transform"
title = "rotation"
params = { matrix = [[0, -1], [1, 0]] }
"""


def test_lesson_in_two_workers_then_all_cache_hits(tmp_path):
    lesson = tmp_path / "lesson.toml"
    lesson.write_text(LESSON)
    dest = tmp_path / "out"
    cmd = [sys.executable, "render.py", "render", "--config", str(lesson), "-j", "2",
           "--resolution", "256x144", "--fps", "5", "-o", str(dest)]
    first = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "shear" in first.stdout and "rotation" in first.stdout and "rendered" in first.stdout
    assert len(list(dest.rglob("*.mp4"))) == 2
    started = time.perf_counter()
    second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    took = time.perf_counter() - started
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("cached") == 2 and "rendered" not in second.stdout
    assert took < 1.0, f"a cache hit took {took:.2f}s"


def test_lesson_with_a_broken_clip_renders_the_rest(tmp_path):
    lesson = tmp_path / "lesson.toml"
    lesson.write_text(LESSON.replace("[[0, -1], [1, 0]]", "[[0, -1, 2], [1, 0, 3]]"))
    dest = tmp_path / "out"
    r = run("render", "--config", str(lesson), *TINY[2:], "-j", "1", "-o", str(dest))
    assert r.exit_code == 1, r.output
    assert "lesson.toml: clip 2 (matrix-transform): parameter 'matrix'" in r.output
    assert len(list(dest.rglob("*.mp4"))) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("chromium") is None or shutil.which("chromedriver") is None,
                    reason="needs Debian's chromium and chromium-driver (installed by tools/test.sh)")
def test_gallery_in_headless_chromium(out, mp4):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    run("render", "matrix-transform", *TINY, "-f", "gif", "-o", str(out))
    r = run("gallery", "-o", str(out))
    assert r.exit_code == 0, r.output
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--mute-audio", "--autoplay-policy=no-user-gesture-required"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(shutil.which("chromedriver")))
    try:
        driver.get(f"http://127.0.0.1:{server.server_port}/index.html")
        cards = driver.find_elements("css selector", ".card")
        assert len(cards) >= 2
        WebDriverWait(driver, 30).until(lambda d: all(
            c.get_attribute("data-state") in ("ready", "error") for c in d.find_elements("css selector", ".card")))
        states = [c.get_attribute("data-state") for c in driver.find_elements("css selector", ".card")]
        assert set(states) == {"ready"}, states
        videos = driver.execute_script("""
            return Array.from(document.querySelectorAll('video')).map(v => ({
              src: v.currentSrc, ready: v.readyState, error: v.error && v.error.code,
              duration: v.duration, canPlay: v.canPlayType(v.querySelector('source').type),
              tracks: Array.from(v.querySelectorAll('track')).map(t => t.track.mode !== 'disabled' ? 1 : 0),
              cues: v.textTracks.length ? (v.textTracks[0].cues ? v.textTracks[0].cues.length : -1) : 0,
            }));""")
        assert videos, "no video element"
        for v in videos:
            assert v["src"].endswith((".mp4", ".webm")) and v["error"] is None and v["ready"] >= 1, v
            assert v["canPlay"] in ("probably", "maybe") and v["duration"] > 1, v
            assert v["tracks"] == [1], v
        WebDriverWait(driver, 15).until(lambda d: d.execute_script(
            "return Array.from(document.querySelectorAll('video')).every("
            "v => v.textTracks[0] && v.textTracks[0].cues && v.textTracks[0].cues.length > 0)"))
        snippets = driver.execute_script(
            "return Array.from(document.querySelectorAll('.snippet code')).map(c => c.textContent)")
        assert any(s.startswith("<video") and "<track" in s for s in snippets)
        assert any(s.startswith("python render.py render matrix-transform") for s in snippets)
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        driver.quit()
        server.shutdown()


def test_render_on_a_dask_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        port = cluster.scheduler_address.rsplit(":", 1)[1]
        dest = tmp_path / "media"
        r = run("render", "matrix-transform", *TINY, "--set", "matrix=[[1,1],[0,1]]",
                "--executor", f"dask://127.0.0.1:{port}", "-o", str(dest))
        assert r.exit_code == 0, r.output
        r = run("render", "matrix-transform", *TINY, "--set", "matrix=[[2,0],[0,1]]",
                "--executor", f"dask://127.0.0.1:{port}", "-o", str(dest))
        assert r.exit_code == 0, r.output
    videos = sorted(dest.rglob("*.mp4"))
    assert len(videos) == 2
    for v in videos:
        with av.open(str(v)) as c:
            assert sum(1 for _ in c.decode(video=0)) > 10
        assert v.with_name(v.name.replace(".mp4", ".json")).is_file()


def test_bad_executor_is_one_line():
    r = run("render", "matrix-transform", "--executor", "spark://x")
    assert r.exit_code == 2


def test_resolution_must_be_one_of_the_aspects_and_the_clips():
    r = run("render", "matrix-transform", "--resolution", "1000x600")
    assert r.exit_code == 2 and "16:9, 9:16, 1:1 or 4:3" in r.output
    r = run("render", "matrix-transform", "--resolution", "1000x1000")  # a square frame for a 16:9 clip
    assert r.exit_code == 2 and "--aspect 1:1" in r.output


def test_jupyter_show_displays_inline(tmp_path):
    from scenes import MatrixTransform

    clip = MatrixTransform(matrix=[[1, 2], [0, 1]]).show(out_dir=str(tmp_path), resolution=(256, 144), fps=5)
    page = clip._repr_html_()
    assert page.startswith("<video") and "data:video/mp4;base64," in page
    assert clip.path.is_file() and clip.path.parent.parent == tmp_path
