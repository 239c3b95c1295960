"""The studio's JSON API, its guards, and its warm workers (through Starlette's TestClient).

The first part needs no manim (forms, numbers, hostile requests, file routes,
lessons); the tests marked ``render`` start the real preview and render
workers and keep every render tiny (-q l, 256x144, 5 fps, draft).
"""

from __future__ import annotations

import base64
import io
import json
import os
import shlex
import signal
import threading
import time
from pathlib import Path

import pytest
import tomllib
from click.testing import CliRunner
from PIL import Image

from conftest import stray_files

pytest.importorskip("fastapi")
from starlette.testclient import TestClient  # noqa: E402

import production  # noqa: E402
from production.studio.server import Guard, create_app  # noqa: E402
from render import cli  # noqa: E402

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
TINY = {"quality": "l", "resolution": [256, 144], "fps": 5, "draft": True}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("studio") / "media"


@pytest.fixture(scope="module")
def client(out):
    with TestClient(create_app(out, "127.0.0.1", PORT), base_url=BASE) as c:
        yield c


def post(client, path, body, **headers):
    return client.post(path, content=json.dumps(body), headers={"content-type": "application/json", **headers})


# --- the catalog and the form -------------------------------------------------------------


def test_scenes_are_listed_family_by_family(client):
    scenes = client.get("/api/scenes").json()["scenes"]
    names = [s["name"] for s in scenes]
    assert "matrix-transform" in names and "derivative" in names
    mt = scenes[names.index("matrix-transform")]
    assert mt["family"] == "linear algebra" and "columns" in mt["concept"]
    families = [s["family"] for s in scenes]
    assert families == sorted(families, key=lambda f: families.index(f)), "families are grouped"


def test_scene_form_has_a_control_per_kind(client):
    info = client.get("/api/scenes/matrix-transform").json()
    controls = {c["name"]: c for c in info["controls"]}
    assert controls["matrix"]["control"] == "matrix"
    assert (controls["matrix"]["rows"], controls["matrix"]["cols"]) == (2, 2)
    assert (controls["matrix"]["min"], controls["matrix"]["max"]) == (-10, 10)
    assert controls["vector"]["control"] == "vector" and controls["vector"]["length"] == 2
    assert controls["show_vector"]["control"] == "flag"
    assert controls["i_color"]["control"] == "color"
    assert controls["title"]["control"] == "text"
    assert info["schema"]["properties"]["matrix"]  # the pydantic schema, as `describe --json` prints it
    assert [r["name"] for r in info["params"]] == list(controls)
    dist = {c["name"]: c for c in client.get("/api/scenes/distributions").json()["controls"]}
    assert dist["family"]["control"] == "choice" and dist["family"]["choices"] == ["normal", "binomial", "uniform"]
    assert dist["sigma"]["slider"] and dist["sigma"]["min"] == 0 and dist["sigma"]["min_open"]
    assert dist["n"]["control"] == "integer" and dist["n"]["step"] == 1
    derivative = {c["name"]: c for c in client.get("/api/scenes/derivative").json()["controls"]}
    assert derivative["f"]["control"] == "formula" and derivative["f"]["variables"] == ["x"]


def test_unknown_and_file_scenes_are_not_served(client):
    assert client.get("/api/scenes/no-such-scene").status_code == 404
    r = post(client, "/api/inspect", {"scene": "examples/dot_product.py:DotProduct", "params": {}})
    assert r.status_code == 404 and "catalog" in r.json()["error"]


def test_inspect_gives_the_numbers(client):
    r = post(client, "/api/inspect", {"scene": "matrix-transform", "params": {"matrix": [[1, 2], [3, 4]]}})
    assert r.status_code == 200
    data = r.json()
    assert data["determinant"] == pytest.approx(-2)
    assert data["params"]["matrix"] == [[1, 2], [3, 4]]


BAD_VALUES = [
    ("matrix-transform", "matrix", [[1, 2], [3, 99]]),
    ("matrix-transform", "matrix", [[1, 2, 3], [4, 5, 6]]),
    ("matrix-transform", "i_color", "not-a-colour"),
    ("matrix-transform", "no_such_thing", 1),
    ("derivative", "x0", "abc"),
    ("derivative", "f", "x +* 2"),
    ("distributions", "family", "cauchy"),
]


@pytest.mark.parametrize(("scene", "key", "value"), BAD_VALUES)
def test_a_bad_value_gets_the_clis_one_line(client, scene, key, value):
    r = post(client, "/api/inspect", {"scene": scene, "params": {key: value}})
    assert r.status_code == 422
    body = r.json()
    assert body["param"] == key
    (assignment,) = production.assignments({key: value})
    cli_run = CliRunner().invoke(cli, ["inspect", scene, "--set", assignment])
    assert cli_run.exit_code == 2
    line = cli_run.output.strip().splitlines()[-1]
    assert line == f"intuition: error: {body['error']}"


def test_texts_are_the_equivalent_command_and_lesson_entry(client, out):
    params = {"matrix": [[1, 2], [3, 4]], "title": 'a "quoted"\ntitle'}
    r = post(client, "/api/texts", {"scene": "matrix-transform", "params": params, "quality": "l", "format": "gif"})
    assert r.status_code == 200
    command, entry = r.json()["command"], r.json()["lesson_entry"]
    assert command.startswith("python render.py render matrix-transform -q l -f gif")
    assert f"-o {out}" in command
    clip = tomllib.loads(entry)["clip"][0]
    assert clip == {"scene": "matrix-transform", "quality": "l", "format": "gif", "params": params}


@pytest.mark.parametrize("value", ['plain', 'quote " and \\ back', "new\nline\ttab", "\x01\x7f", "é ü 数学 🙂", "",
                                   1, -2.5, 1e-05, 3e20, True, [[1, 2.0], [-0.5, 4]], ["x**2", "sin(x)"]])
def test_toml_values_read_back_as_the_same_value(value):
    (assignment,) = production.assignments({"v": value})
    assert tomllib.loads(assignment.replace("v=", "v = ", 1))["v"] == value


# --- hostile requests: each 4xx, nothing written ------------------------------------------


def nothing_written(out: Path) -> None:
    assert not out.exists() or stray_files(out) == [], stray_files(out)


def test_foreign_host_is_refused(client, out):
    for host in ("evil.example:8765", "127.0.0.1:9999", "attacker.127.0.0.1.nip.io:8765", ""):
        assert client.get("/", headers={"host": host}).status_code == 421, host
        r = post(client, "/api/render", {"scene": "matrix-transform", **TINY}, host=host)
        assert r.status_code == 421, host
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200
    nothing_written(out)


def test_foreign_origin_on_post_is_refused(client, out):
    body = {"scene": "matrix-transform", "params": {}, **TINY}
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{PORT + 1}", f"https://127.0.0.1:{PORT}"):
        assert post(client, "/api/render", body, origin=origin).status_code == 403, origin
    assert post(client, "/api/render", body, **{"sec-fetch-site": "cross-site"}).status_code == 403
    # a form post from another page cannot send JSON without Origin, and text/plain is refused anyway
    r = client.post("/api/render", content=json.dumps(body), headers={"content-type": "text/plain"})
    assert r.status_code == 415
    assert post(client, "/api/inspect", {"scene": "matrix-transform"}, origin=BASE).status_code == 200
    nothing_written(out)


def test_huge_body_and_long_parameter_are_refused(client, out):
    big = b'{"scene": "matrix-transform", "params": {"title": "' + b"x" * 10_000_000 + b'"}}'
    r = client.post("/api/preview", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    long = {"scene": "matrix-transform", "params": {"title": "x" * 100_000}}
    assert post(client, "/api/render", long).status_code == 413
    # within the body limit, a parameter over 10 000 characters is refused by name
    r = post(client, "/api/preview", {"scene": "derivative", "params": {"f": "x+" * 15_000 + "x"}})
    assert r.status_code == 422 and r.json()["param"] == "f" and "too long" in r.json()["error"]
    deep = "[" * 30_000 + "]" * 30_000
    r = client.post("/api/inspect", content=f'{{"scene": "matrix-transform", "params": {{"matrix": {deep}}}}}',
                    headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500
    many = {"scene": "matrix-transform", "params": {f"p{i}": i for i in range(200)}}
    assert post(client, "/api/inspect", many).status_code == 422
    nothing_written(out)


def test_formula_attack_is_refused_without_running(client, out, monkeypatch, tmp_path):
    ran = []
    monkeypatch.setattr(os, "system", lambda cmd: ran.append(cmd) or 0)
    attacks = ["__import__('os').system('x')", "().__class__.__bases__[0].__subclasses__()",
               "exec('import os')", "lambda: 1", "x.__globals__"]
    for attack in attacks:
        for path in ("/api/inspect", "/api/preview", "/api/render"):
            r = post(client, path, {"scene": "derivative", "params": {"f": attack}, **({"quality": "l"}
                                                                                        if path == "/api/render"
                                                                                        else {})})
            assert r.status_code == 422, (path, attack, r.text)
            assert r.json()["param"] == "f" and "\n" not in r.json()["error"]
    assert ran == []
    assert not Path("x").exists()
    nothing_written(out)


def test_bad_output_options_are_422(client, out):
    base = {"scene": "matrix-transform", "params": {}}
    for extra in ({"quality": "z"}, {"format": "avi"}, {"fps": 0}, {"resolution": [1000, 1000]},
                  {"resolution": [255, 144]}, {"format": "mp4", "transparent": True}, {"surprise": 1}):
        r = post(client, "/api/render", {**base, **extra})
        assert r.status_code == 422, extra
        assert "\n" not in r.json()["error"]
    nothing_written(out)


def _finished_clip(out: Path, key: str = "0123456789", name: str = "matrix-transform") -> Path:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    video = folder / f"{name}-{key}.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42 pretend video")
    (folder / f"{name}-{key}.json").write_text(json.dumps({"key": key, "scene": name, "files": [video.name]}))
    return video


def test_file_routes_serve_finished_outputs_only(tmp_path):
    out = tmp_path / "media"
    video = _finished_clip(out)
    half = out / "matrix-transform" / "matrix-transform-aaaaaaaaaa.mp4"  # no manifest: not finished
    half.write_bytes(b"partial")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve")
    (out / "matrix-transform" / "matrix-transform-bbbbbbbbbb.mp4").symlink_to(secret)
    (out / "matrix-transform" / "matrix-transform-bbbbbbbbbb.json").write_text(
        json.dumps({"key": "bbbbbbbbbb", "files": ["matrix-transform-bbbbbbbbbb.mp4"]}))
    (out / "linked").symlink_to(tmp_path)
    (out / ".cache").mkdir()
    (out / ".cache" / "x.svg").write_text("<svg/>")
    with TestClient(create_app(out, "127.0.0.1", PORT), base_url=BASE) as c:
        ok = c.get(f"/media/matrix-transform/{video.name}")
        assert ok.status_code == 200 and ok.content == video.read_bytes()
        for path in ["/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/matrix-transform/../../secret.txt",
                     "/media//etc/passwd", "/media/%2Fetc%2Fpasswd", f"/media/{secret}", "/media/matrix-transform/",
                     "/media/matrix-transform/matrix-transform-aaaaaaaaaa.mp4",
                     "/media/matrix-transform/matrix-transform-bbbbbbbbbb.mp4",
                     "/media/matrix-transform/matrix-transform-0123456789.json",
                     "/media/linked/secret.txt", "/media/.cache/x.svg", "/media/matrix-transform%5c..%5csecret.txt",
                     "/static/../server.py", "/static/index.html%00.js"]:
            r = c.get(path)
            assert 400 <= r.status_code < 500 and "do not serve" not in r.text, path
    assert sorted(p.name for p in (out / "matrix-transform").iterdir()) == sorted(
        [video.name, video.with_suffix(".json").name, half.name, "matrix-transform-bbbbbbbbbb.mp4",
         "matrix-transform-bbbbbbbbbb.json"])


def test_guard_host_rules():
    local = Guard(None, "127.0.0.1", 8000)
    assert local.host_ok("127.0.0.1:8000") and local.host_ok("localhost:8000")
    assert not local.host_ok("127.0.0.1") and not local.host_ok("evil.com:8000") and not local.host_ok(None)
    wildcard = Guard(None, "0.0.0.0", 8000)
    assert wildcard.host_ok("192.0.2.7:8000") and wildcard.host_ok("[2001:db8::1]:8000")
    assert not wildcard.host_ok("rebound.example:8000")
    v6 = Guard(None, "::1", 8000)
    assert v6.host_ok("[::1]:8000") and not v6.host_ok("[::2]:8000")


def test_a_remote_host_needs_the_flag(tmp_path):
    with pytest.raises(production.IntuitionError, match="--allow-remote"):
        create_app(tmp_path, "0.0.0.0", 8000)
    r = CliRunner().invoke(cli, ["studio", "--host", "0.0.0.0", "--port", "8001", "-o", str(tmp_path)])
    assert r.exit_code == 2 and "--allow-remote" in r.output and len(r.output.strip().splitlines()) == 1


def test_remote_studio_refuses_file_parameters(tmp_path):
    app = create_app(tmp_path, "0.0.0.0", PORT, allow_remote=True)
    with TestClient(app, base_url=f"http://192.0.2.7:{PORT}") as c:
        r = post(c, "/api/inspect", {"scene": "pca", "params": {"csv": "/etc/passwd"}})
        assert r.status_code == 422 and r.json()["param"] == "csv"


# --- lessons ------------------------------------------------------------------------------


def test_lesson_text_reads_back(client, out):
    clips = [{"scene": "matrix-transform", "params": {"matrix": [[1, 1], [0, 1]]}, "title": "shear"},
             {"scene": "determinant", "params": {}, "quality": "l", "format": "gif"}]
    r = post(client, "/api/lesson", {"title": "Linear maps", "quality": "l", "clips": clips})
    assert r.status_code == 200
    text = r.json()["toml"]
    data = tomllib.loads(text)
    assert data["lesson"] == {"title": "Linear maps", "quality": "l"}
    assert data["clip"][0] == {"scene": "matrix-transform", "title": "shear", "params": {"matrix": [[1, 1], [0, 1]]}}
    back = post(client, "/api/lesson/read", {"toml": text}).json()
    assert [c["scene"] for c in back["clips"]] == ["matrix-transform", "determinant"]
    assert back["clips"][0]["params"] == {"matrix": [[1, 1], [0, 1]]} and back["clips"][1]["format"] == "gif"
    bad = post(client, "/api/lesson", {"clips": [{"scene": "determinant", "params": {"matrix": [[1]]}}]})
    assert bad.status_code == 422 and bad.json()["param"] == "matrix"
    broken = post(client, "/api/lesson/read", {"toml": "[[clip]]\nscene = 'determinant'\nparams = {matrix = 1}\n"})
    assert broken.status_code == 200
    assert "clip 1 (determinant): parameter 'matrix'" in broken.json()["clips"][0]["error"]
    assert post(client, "/api/lesson/read", {"toml": "not = toml = at all"}).status_code == 422
    nothing_written(out)


# --- the warm workers (real manim) ----------------------------------------------------------


def frames_of(body):
    return [Image.open(io.BytesIO(base64.b64decode(f["image"].split(",", 1)[1]))) for f in body["frames"]]


@pytest.mark.render
def test_preview_is_a_key_frame_per_caption(client, out):
    r = post(client, "/api/preview", {"scene": "matrix-transform", "params": {"matrix": [[1, 2], [3, 4]]}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ok" and body["duration"] > 5
    images = frames_of(body)
    assert len(images) >= 3 and all(im.size == (480, 270) for im in images)
    assert all(f["caption"] for f in body["frames"])
    again = post(client, "/api/preview", {"scene": "matrix-transform", "params": {"matrix": [[1, 2], [3, 4]]}})
    assert again.json()["cached"] is True
    nothing_written(out)


@pytest.mark.render
def test_ten_clients_at_once_all_answered(client):
    results: dict[int, tuple[int, dict]] = {}

    def ask(i: int) -> None:
        r = post(client, "/api/preview", {"scene": "determinant", "client": f"page-{i}",
                                          "params": {"matrix": [[1 + i / 10, 0.5], [0.25, 2]]}})
        results[i] = (r.status_code, r.json())

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    started = time.perf_counter()
    assert client.get("/api/health").status_code == 200
    r = post(client, "/api/inspect", {"scene": "determinant", "params": {}})
    assert r.status_code == 200 and time.perf_counter() - started < 2.0, "the server answers while previews queue"
    for t in threads:
        t.join(300)
    assert sorted(results) == list(range(10))
    for i, (status, body) in results.items():
        assert status == 200 and body["status"] == "ok", (i, body)
        assert len(body["frames"]) >= 2
    assert len({json.dumps(b["frames"][-1]["image"]) for _, b in results.values()}) == 10, "each its own picture"
    assert client.get("/api/health").json()["restarts"]["preview"] == 0


@pytest.mark.render
def test_a_newer_change_from_the_same_page_supersedes(client):
    answers: dict[int, dict] = {}

    def ask(i: int) -> None:
        answers[i] = post(client, "/api/preview", {"scene": "eigenvectors", "client": "one-page",
                                                   "params": {"matrix": [[2 + i / 7, 1], [0, 1.5]]}}).json()

    threads = []
    for i in range(4):
        threads.append(threading.Thread(target=ask, args=(i,)))
        threads[-1].start()
        time.sleep(0.15)
    for t in threads:
        t.join(300)
    assert answers[3]["status"] == "ok"
    assert [answers[i]["status"] for i in range(3)].count("superseded") >= 2


@pytest.mark.render
def test_a_crashed_preview_worker_is_replaced(client):
    assert post(client, "/api/preview", {"scene": "determinant", "params": {}}).status_code == 200
    pid = client.get("/api/health").json()["preview_worker"]
    answer: dict = {}

    def ask() -> None:
        r = post(client, "/api/preview", {"scene": "svd", "params": {"matrix": [[1, 2], [0.5, 1.25]]}})
        answer["r"] = (r.status_code, r.json())

    t = threading.Thread(target=ask)
    t.start()
    time.sleep(0.3)
    os.kill(pid, signal.SIGKILL)
    t.join(300)
    status, body = answer["r"]
    assert status == 503 and "stopped unexpectedly" in body["error"] and "\n" not in body["error"]
    r = post(client, "/api/preview", {"scene": "svd", "params": {"matrix": [[1, 2], [0.5, 1.25]]}})
    assert r.status_code == 200 and r.json()["status"] == "ok"
    health = client.get("/api/health").json()
    assert health["preview_worker"] not in (None, pid) and health["restarts"]["preview"] == 1


def events_of(client, job: str) -> list[tuple[str, dict]]:
    events, kind = [], None
    with client.stream("GET", f"/api/jobs/{job}/events") as stream:
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[6:])))
    return events


@pytest.mark.render
def test_render_streams_progress_and_serves_the_clip(client, out):
    r = post(client, "/api/render", {"scene": "matrix-transform", "params": {"matrix": [[1, 1], [0, 1]]}, **TINY})
    assert r.status_code == 200, r.text
    events = events_of(client, r.json()["job"])
    kinds = [k for k, _ in events]
    assert kinds[0] == "queued" and "started" in kinds and "progress" in kinds and kinds[-1] == "done"
    clip = events[-1][1]["clips"][0]
    assert clip["width"] == 256 and clip["fps"] == 5 and clip["duration"] > 5
    assert client.get(clip["url"]).content[4:8] == b"ftyp"
    assert client.get(clip["vtt"]).text.startswith("WEBVTT")
    assert clip["snippets"]["HTML"].startswith("<video") and "<track" in clip["snippets"]["HTML"]
    command = events[-1][1]["command"]
    assert "--draft" in command and "--resolution 256x144" in command
    cli_run = CliRunner().invoke(cli, shlex.split(command)[2:])  # pasted, the command is a cache hit
    assert cli_run.exit_code == 0 and "cached" in cli_run.output, cli_run.output


@pytest.mark.render
def test_a_lesson_built_here_renders_through_the_cli_to_the_same_keys(client, out):
    clips = [{"scene": "matrix-transform", "params": {"matrix": [[0, -1], [1, 0]]}, "quality": "l"},
             {"scene": "matrix-transform", "params": {"matrix": [[2, 0], [0, 0.5]], "show_vector": False},
              "quality": "l"}]
    keys = []
    for c in clips:
        r = post(client, "/api/render", {"scene": c["scene"], "params": c["params"], **TINY, "wait": True})
        assert r.status_code == 200 and r.json()["state"] == "done", r.text
        keys.append(r.json()["clips"][0]["key"])
    text = post(client, "/api/lesson", {"title": "two maps", "clips": clips}).json()["toml"]
    lesson = out.parent / "built.toml"
    lesson.write_text(text)
    r = CliRunner().invoke(cli, ["render", "--config", str(lesson), "--resolution", "256x144", "--fps", "5",
                                 "--draft", "-j", "1", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output.count("cached") == 2 and "rendered" not in r.output, r.output
    for key in keys:
        assert key in r.output


@pytest.mark.render
def test_a_crashed_render_worker_is_replaced(client, out):
    body = {"scene": "determinant", "params": {"matrix": [[1.25, 1], [0.5, 2]]}, **TINY}
    job = post(client, "/api/render", body).json()["job"]
    events, kind = [], None
    with client.stream("GET", f"/api/jobs/{job}/events") as stream:
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[6:])))
                if kind == "progress" and sum(k == "progress" for k, _ in events) == 1:
                    os.kill(client.get("/api/health").json()["render_worker"], signal.SIGKILL)
    assert events[-1][0] == "failed"
    message = events[-1][1]["error"]
    assert "stopped unexpectedly" in message and "\n" not in message
    again = post(client, "/api/render", {**body, "wait": True}).json()
    assert again["state"] == "done" and again["clips"][0]["cached"] is False
    assert client.get("/api/health").json()["restarts"]["render"] == 1


@pytest.mark.render
def test_each_storyboard_panel_shows_its_step_finished(tmp_path, monkeypatch):
    """A step that ends in a Create (sampling's axes, its bell curve) shows it whole on its panel:
    the clip's frame at each key time is the preview's frame of that step, drawn at the step's
    end (manim never writes a play's last moment, so the step's own last frame is unfinished)."""
    import numpy as np

    from production import rendering
    from production.media import decode_frames, key_times

    monkeypatch.setitem(rendering.DRAFT_OPTIONS, "libx264", {"preset": "ultrafast", "crf": "0"})
    r = CliRunner().invoke(cli, ["render", "sampling", "-q", "l", "--resolution", "256x144", "--fps", "5",
                                 "--draft", "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    manifest = json.loads(next((tmp_path / "sampling").glob("*.json")).read_text())
    panels = decode_frames(next((tmp_path / "sampling").glob("*.mp4")), key_times(manifest["captions"]))
    preview = production.preview_scene("sampling", {}, size=(256, 144), fps=5)
    assert len(panels) == len(preview.frames) == len(manifest["captions"])
    for k, (panel, step) in enumerate(zip(panels, preview.frames)):
        drawn = np.asarray(Image.open(io.BytesIO(step.png)).convert("RGB")).astype(int)
        off = np.abs(np.asarray(panel.convert("RGB")).astype(int) - drawn).max(axis=2) > 40
        # a thin coloured line over another colour loses some of its colour in the video's 4:2:0 chroma
        assert off.mean() < 0.01, f"panel {k + 1}: {off.sum()} pixels unlike the step's end"


@pytest.mark.render
def test_the_storyboard_preview_is_the_clips_own_frames(tmp_path):
    """The preview's speed-ups change nothing on screen: its last key frame is the clip's poster."""
    import numpy as np

    r = CliRunner().invoke(cli, ["render", "determinant", "-q", "l", "--resolution", "256x144", "--fps", "5",
                                 "--draft", "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    manifest = json.loads(next((tmp_path / "determinant").glob("*.json")).read_text())
    poster = next((tmp_path / "determinant").glob("*.poster.png"))
    preview = production.preview_scene("determinant", {}, size=(256, 144), fps=5)
    assert [f.caption for f in preview.frames] == [c["text"] for c in manifest["captions"]]
    assert preview.duration == pytest.approx(manifest["duration"], abs=0.01)
    assert [f.end for f in preview.frames] == pytest.approx([c["end"] for c in manifest["captions"]], abs=0.01)
    last = np.asarray(Image.open(io.BytesIO(preview.frames[-1].png)).convert("RGB")).astype(int)
    clip = np.asarray(Image.open(poster).convert("RGB")).astype(int)
    assert last.shape == clip.shape
    assert np.abs(last - clip).mean() < 0.5
