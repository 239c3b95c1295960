"""The studio's web app: one page, a JSON API under /api/, finished clips under /media/.

:func:`create_app` builds the ASGI app (FastAPI). Every request passes
:class:`Guard` first: the Host header must name the address the studio is
bound to (a page on another site that rebinds its DNS name to 127.0.0.1 is
refused), a request that changes something must come from the studio's own
page (Origin) and carry JSON, and a body may be at most ``max_body`` bytes.
Parameters are checked by the same code as the CLI's (``SceneSpec.build``
through ``production.check_params``), and a bad one is answered 422 with the
CLI's one-line message. The app calls the production layer's public API
(``production``) and nothing below it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import shutil
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

import production
from intuition.words import LANGUAGES, bcp47
from production.studio.worker import PreviewService, RenderService

STATIC = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"app.js": "text/javascript", "style.css": "text/css", "favicon.svg": "image/svg+xml"}
MAX_BODY = 64 * 1024
MAX_PARAM_CHARS = 10_000  # one parameter's value, written as JSON
MAX_PARAMS = 64
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self'; "
     b"script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
]


def is_local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_port(value: str) -> tuple[str, str] | None:
    """("127.0.0.1", "8000") from a Host header, "[::1]:8000" included; None when malformed."""
    m = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?|([^:\[\]/\s@]+)(?::(\d{1,5}))?", value)
    if not m:
        return None
    return (m.group(1) or m.group(3)).lower(), (m.group(2) or m.group(4) or "80")


class Guard:
    """ASGI middleware: Host (DNS rebinding), Origin (cross-site requests), body size, headers."""

    def __init__(self, app: Any, host: str, port: int, max_body: int = MAX_BODY):
        self.app = app
        self.host = host.lower().strip("[]")
        self.port = str(port)
        self.max_body = max_body
        self.wildcard = self.host in ("0.0.0.0", "::", "")

    def host_ok(self, header: str | None) -> bool:
        parsed = _host_port(header or "")
        if parsed is None:
            return False
        host, port = parsed
        if port != self.port:
            return False
        if host == self.host or (is_local(self.host) and host == "localhost"):
            return True
        if self.wildcard:
            # a rebinding attack needs a DNS name: any address written as an IP literal is safe
            try:
                ipaddress.ip_address(host)
                return True
            except ValueError:
                return host == "localhost"
        return False

    def origin_ok(self, origin: str | None, host_header: str, fetch_site: str | None) -> bool:
        if origin is None:
            return fetch_site in (None, "same-origin", "none")  # scripts and curl send no Origin
        return origin.lower() == f"http://{host_header.lower()}"

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await _plain(send, 403, "only HTTP is served here")
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host")
        if not self.host_ok(host):
            await _plain(send, 421, f"this studio answers only at {self.host}:{self.port}, not at Host "
                                    f"{production_one_line(host or '(none)', 80)}")
            return
        method = scope.get("method", "GET")
        if method in STATE_CHANGING:
            if not self.origin_ok(headers.get("origin"), host, headers.get("sec-fetch-site")):
                await _plain(send, 403, "requests that change something must come from the studio's own page")
                return
            if scope.get("path", "").startswith("/api/") and \
                    headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
                await _plain(send, 415, "send JSON (Content-Type: application/json)")
                return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(send, 413, f"request body over {self.max_body // 1024} kB")
            return
        body = bytearray()
        more = method in STATE_CHANGING
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body:
                await _plain(send, 413, f"request body over {self.max_body // 1024} kB")
                return
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, replay if method in STATE_CHANGING else receive, with_headers)


def production_one_line(text: str, limit: int = 200) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return text if len(text) <= limit else text[: limit - 3] + "..."


async def _plain(send: Any, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


# --- request bodies ---------------------------------------------------------------------


class SceneBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scene: str = Field(min_length=1, max_length=100)
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("params")
    @classmethod
    def _bounded(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(value) > MAX_PARAMS:
            raise ValueError(f"at most {MAX_PARAMS} parameters")
        return value


class PreviewBody(SceneBody):
    client: str = Field(default="", max_length=64)


class OutputOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quality: Literal["l", "m", "h", "k"] | None = None
    format: Literal["mp4", "webm", "mov", "gif", "png", "storyboard"] | None = None
    transparent: bool = False
    draft: bool = False
    resolution: tuple[int, int] | None = None
    fps: int | None = Field(default=None, ge=1, le=120)
    typesetter: Literal["typst", "latex"] = "typst"

    @field_validator("resolution")
    @classmethod
    def _size(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        # the CLI's --resolution rules
        if value is None:
            return None
        return production.check_resolution(*value)


class RenderBody(SceneBody, OutputOptions):
    wait: bool = False  # answer when the clip is done instead of with a job id


class TextsBody(SceneBody, OutputOptions):
    title: str = Field(default="", max_length=200)


class LessonClip(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scene: str = Field(min_length=1, max_length=100)
    params: dict[str, Any] = Field(default_factory=dict)
    title: str = Field(default="", max_length=200)
    quality: Literal["l", "m", "h", "k"] | None = None
    format: Literal["mp4", "webm", "mov", "gif", "png", "storyboard"] | None = None


class LessonBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="", max_length=200)
    quality: Literal["l", "m", "h", "k"] | None = None
    format: Literal["mp4", "webm", "mov", "gif", "png", "storyboard"] | None = None
    clips: list[LessonClip] = Field(default_factory=list, max_length=100)


class LessonText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    toml: str = Field(max_length=60_000)
    name: str = Field(default="lesson.toml", max_length=200)


# --- the app ----------------------------------------------------------------------------


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": production_one_line(message, 600), **extra}, status_code=status)


def _param_error(err: production.ParameterError) -> JSONResponse:
    return _error(422, str(err), param=err.param)


class Studio:
    """What the routes share: the output folder and the two workers."""

    def __init__(self, out_dir: Path, remote: bool, preview_size: tuple[int, int], preview_cache: int):
        self.out = Path(out_dir)
        self.remote = remote
        self.scratch = Path(tempfile.mkdtemp(prefix="intuition-studio-"))
        self.previews = PreviewService(self.scratch / "preview", size=preview_size, cache_size=preview_cache)
        self.renders = RenderService(self._finished)
        self._names: set[str] | None = None
        self._forms: dict[str, list[dict[str, Any]]] = {}

    def close(self) -> None:
        self.previews.close()
        self.renders.close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    # scenes and parameters
    def names(self) -> set[str]:
        if self._names is None:
            self._names = {s["name"] for s in production.list_scenes()}
        return self._names

    def form(self, scene: str) -> list[dict[str, Any]]:
        if scene not in self._forms:
            self._forms[scene] = production.scene_form(scene)
        return self._forms[scene]

    def check(self, scene: str, params: dict[str, Any]) -> dict[str, Any]:
        """Validated parameters (JSON-ready), or a ParameterError / LookupError with one line."""
        if scene not in self.names():
            raise LookupError(f"unknown scene '{production_one_line(scene, 100)}'; the studio shows the catalog's "
                              "scenes (render a FILE.py:Class with the CLI)")
        for key, value in params.items():
            if len(json.dumps(value)) > MAX_PARAM_CHARS:
                raise production.ParameterError(production_one_line(key, 40),
                                                f"too long (at most {MAX_PARAM_CHARS} characters)", scene)
        if self.remote:
            files = {c["name"] for c in self.form(scene) if c["control"] == "file"}
            for key in files & set(params):
                if params[key]:
                    raise production.ParameterError(key, "file parameters are read on the studio's machine: "
                                                         "they are accepted only when it is bound to 127.0.0.1",
                                                    scene)
        return production.check_params(scene, params)

    # the done event of a render
    def _finished(self, job: Any, payload: dict[str, Any]) -> dict[str, Any]:
        clips = []
        root = self.out.resolve()
        for c in payload["done"]:
            m = c["manifest"]
            path = Path(c["path"]).resolve()
            rel = path.relative_to(root).as_posix()
            stem = f"{m['scene']}-{m['key']}"
            files = {name[len(stem):]: f"/media/{path.parent.name}/{name}" for name in m.get("files", [])}
            clips.append({
                "label": c["label"], "scene": m["scene"], "key": m["key"], "format": m.get("format"),
                "duration": c["duration"], "seconds": c["seconds"], "cached": c["seconds"] is None,
                "width": m.get("width"), "height": m.get("height"), "fps": m.get("fps"),
                "url": f"/media/{rel}", "poster": files.get(".poster.png"), "vtt": files.get(".vtt"),
                "srt": files.get(".srt"), "captions": m.get("captions", []),
                "lang": bcp47(m.get("lang", "en")), "lang_label": LANGUAGES.get(m.get("lang", "en"), "English"),
                "snippets": production.clip_snippets(m, path.parent),
            })
        return {"clips": clips, **job.info}

    def media_file(self, relative: str) -> Path | None:
        """A finished output under the output folder, or None (missing, outside it, a link, unfinished)."""
        if not relative or "\\" in relative or "\x00" in relative or relative.startswith("/"):
            return None
        parts = relative.split("/")
        if len(parts) != 2 or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
            return None
        folder, name = parts
        root = self.out.resolve()
        candidate = self.out / folder / name
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real != root / folder / name or candidate.is_symlink() or (self.out / folder).is_symlink():
            return None  # a link anywhere on the way
        if not real.is_file():
            return None
        m = re.fullmatch(re.escape(folder) + r"-([0-9a-f]{10})(\..+)", name)
        if m is None or m.group(2) == ".json":
            return None
        try:
            manifest = json.loads((root / folder / f"{folder}-{m.group(1)}.json").read_text())
        except (OSError, ValueError):
            return None
        if manifest.get("key") != m.group(1) or name not in manifest.get("files", []):
            return None  # not a finished clip's file
        return real


def create_app(out_dir: str | Path = "media", host: str = "127.0.0.1", port: int = 8000, *,
               allow_remote: bool = False, warm: bool = False, preview_size: tuple[int, int] = (480, 270),
               preview_cache: int = 48, max_body: int = MAX_BODY) -> Any:
    """The studio as an ASGI app, answering only at ``host:port``; renders go to ``out_dir``.

    ``warm`` starts the preview worker (and its warm-up preview) with the app
    instead of at the first preview. A host other than this machine needs
    ``allow_remote``.
    """
    if not is_local(host) and not allow_remote:
        raise production.RequestError(f"--host {host} lets other machines reach the studio: add --allow-remote "
                                      "if that is what you want")
    studio = Studio(Path(out_dir), remote=not is_local(host), preview_size=preview_size,
                    preview_cache=preview_cache)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm:  # in the background: the page is up at once, the first preview waits for the worker
            studio.previews.start(warm=True)
            studio.renders.start(warm=True)
        yield
        await run_in_threadpool(studio.close)

    app = FastAPI(title="intuition studio", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.studio = studio

    @app.exception_handler(RequestValidationError)
    async def bad_body(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        msg = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
        return _error(422, f"{where}: {msg}" if where else msg)

    # the page
    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html", headers={"cache-control": "no-cache"})

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC_FILES:
            return _error(404, "no such file")
        return FileResponse(STATIC / name, media_type=STATIC_FILES[name], headers={"cache-control": "no-cache"})

    # the catalog
    @app.get("/api/scenes")
    async def scenes() -> dict[str, Any]:
        return {"scenes": production.list_scenes()}

    @app.get("/api/scenes/{name}")
    async def scene(name: str) -> Response:
        if name not in studio.names():
            return _error(404, f"unknown scene '{production_one_line(name, 100)}'")
        info = production.describe_scene(name)
        return JSONResponse({**info, "controls": studio.form(name)})

    @app.get("/api/health")
    async def health() -> dict[str, Any]:
        return {"ok": True, "preview_worker": studio.previews.pid, "render_worker": studio.renders.pid,
                "restarts": {"preview": studio.previews.restarts, "render": studio.renders.restarts},
                "renders_queued": studio.renders.queued()}

    # numbers, previews, texts
    def checked(body: SceneBody) -> JSONResponse | None:
        try:
            studio.check(body.scene, body.params)
        except LookupError as err:
            return _error(404, str(err.args[0]))
        except production.ParameterError as err:
            return _param_error(err)
        except production.IntuitionError as err:
            return _error(422, str(err))
        return None

    @app.post("/api/inspect")
    async def inspect(body: SceneBody) -> Response:
        bad = checked(body)
        if bad is not None:
            return bad
        try:
            return JSONResponse(production.inspect_values(body.scene, body.params))
        except production.ParameterError as err:
            return _param_error(err)
        except production.IntuitionError as err:
            return _error(422, str(err))

    @app.post("/api/preview")
    async def preview(body: PreviewBody) -> Response:
        bad = checked(body)
        if bad is not None:
            return bad
        key = json.dumps([body.scene, body.params], sort_keys=True)
        status, result = await run_in_threadpool(studio.previews.preview, body.client or "script", body.scene,
                                                 body.params, key)
        if status == "ok":
            return JSONResponse({"status": "ok", **result})
        if status == "superseded":
            return JSONResponse({"status": "superseded"})
        if status == "invalid":
            return _error(422, result["error"], param=result.get("param"))
        if status == "broken":
            return _error(500, f"the preview failed: {result}")
        return _error(503, str(result))

    def texts(scene: str, params: dict[str, Any], options: OutputOptions, title: str = "") -> dict[str, str]:
        return {
            "command": production.render_command(
                scene, params, quality=options.quality, fmt=options.format, transparent=options.transparent,
                draft=options.draft, resolution=options.resolution, fps=options.fps,
                typesetter=options.typesetter, out_dir=studio.out),
            "lesson_entry": production.lesson_entry(scene, params, title=title, quality=options.quality,
                                                    fmt=options.format),
        }

    @app.post("/api/texts")
    async def copy_texts(body: TextsBody) -> Response:
        bad = checked(body)
        if bad is not None:
            return bad
        try:
            return JSONResponse(texts(body.scene, body.params, body, body.title))
        except production.IntuitionError as err:
            return _error(422, str(err))

    # renders
    @app.post("/api/render")
    async def render(body: RenderBody) -> Response:
        bad = checked(body)
        if bad is not None:
            return bad
        options = {
            "scenes": (body.scene,), "sets": production.assignments(body.params), "quality": body.quality,
            "fmt": body.format, "transparent": body.transparent, "draft": body.draft,
            "resolution": body.resolution, "fps": body.fps, "typesetter": body.typesetter, "out_dir": studio.out,
        }
        try:
            # everything is checked before anything renders, as on the command line
            await run_in_threadpool(production.plan, production.RenderRequest(**options))
        except production.ParameterError as err:
            return _param_error(err)
        except production.IntuitionError as err:
            return _error(422, str(err))
        try:
            job = studio.renders.submit(body.scene, body.params, options, texts(body.scene, body.params, body))
        except OverflowError as err:
            return _error(429, str(err))
        if body.wait:
            while not job.finished:
                await asyncio.sleep(0.1)
        return JSONResponse(_job_view(job))

    @app.get("/api/jobs/{job_id}")
    async def job_state(job_id: str) -> Response:
        job = studio.renders.jobs.get(job_id)
        if job is None:
            return _error(404, "no such render")
        return JSONResponse(_job_view(job))

    @app.get("/api/jobs/{job_id}/events")
    async def job_events(job_id: str, request: Request) -> Response:
        job = studio.renders.jobs.get(job_id)
        if job is None:
            return _error(404, "no such render")
        last = request.headers.get("last-event-id", "")
        start = int(last) if last.isdigit() else 0

        async def stream():
            sent, quiet = start, 0.0
            while True:
                while sent < len(job.events):
                    event = job.events[sent]
                    sent += 1
                    quiet = 0.0
                    yield f"id: {sent}\nevent: {event['event']}\ndata: {json.dumps(event['data'])}\n\n"
                if job.finished and sent >= len(job.events):
                    return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(0.1)
                quiet += 0.1
                if quiet >= 10:
                    quiet = 0.0
                    yield ": still rendering\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"cache-control": "no-cache", "x-accel-buffering": "no"})

    # lessons
    @app.post("/api/lesson")
    async def lesson(body: LessonBody) -> Response:
        for clip in body.clips:
            bad = checked(SceneBody(scene=clip.scene, params=clip.params))
            if bad is not None:
                return bad
        try:
            text = production.lesson_text([c.model_dump() for c in body.clips], title=body.title,
                                          quality=body.quality, fmt=body.format)
        except production.IntuitionError as err:
            return _error(422, str(err))
        return JSONResponse({"toml": text, "command": _lesson_command(studio.out)})

    @app.post("/api/lesson/read")
    async def read_lesson(body: LessonText) -> Response:
        try:
            info = production.read_lesson_text(body.toml, body.name)
        except production.IntuitionError as err:
            return _error(422, str(err))
        unknown = [c["scene"] for c in info["clips"] if c["scene"] not in studio.names()]
        if unknown:
            return _error(422, f"clip scene '{unknown[0]}' is not in the catalog")
        return JSONResponse(info)

    # finished files
    @app.get("/media/{path:path}")
    async def media(path: str) -> Response:
        found = studio.media_file(path)
        if found is None:
            return _error(404, "no finished clip file of that name")
        return FileResponse(found)

    return Guard(app, host, port, max_body=max_body)


def _lesson_command(out: Path) -> str:
    parts = "python render.py render --config lesson.toml"
    return parts if str(out) == "media" else f"{parts} -o {out}"


def _job_view(job: Any) -> dict[str, Any]:
    view: dict[str, Any] = {"job": job.id, "state": job.state, "scene": job.scene,
                            "events_url": f"/api/jobs/{job.id}/events", **job.info}
    for event in reversed(job.events):
        if event["event"] == "done":
            view.update(event["data"])
            break
        if event["event"] == "failed":
            view["error"] = event["data"]["error"]
            break
    return view


def studio_url(host: str, port: int) -> str:
    shown = host if host not in ("0.0.0.0", "::") else "127.0.0.1"
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"

