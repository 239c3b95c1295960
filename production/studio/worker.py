"""The warm workers: one process for storyboard previews, one for renders.

Both are long-lived child processes (``python -m production.studio.worker``:
a fresh interpreter, nothing shared with the server but a socket pair) that
import manim once. The server talks to
each through one dispatcher thread, so at most one preview and one render run
at a time (the machine has 2 cores).

Previews supersede each other per page (a ``client`` id): a new preview from
the same page answers the one still waiting with ``superseded`` at once, and
the one being drawn is told to stop at its next caption step (a message on a
second socket the worker reads there), so no queue of stale previews builds up while a
teacher types. Pages do not supersede each other: ten pages get ten answers.

A worker that dies (a crash, the OOM killer) or hangs past its time limit is
replaced by a new one; the request it was working on is answered with one
line saying so.
"""

from __future__ import annotations

import base64
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WARM_SCENE = "matrix-transform"


# --- inside the worker processes ------------------------------------------------------


def _one_line(err: BaseException) -> str:
    import production

    if isinstance(err, production.IntuitionError):
        return str(err)
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {text}"[:400] if text else type(err).__name__


def preview_main(conn: Any, cancel: Any, media_dir: str, size: tuple[int, int]) -> None:
    """The preview worker: warm up, then answer ``("preview", id, scene, values)`` messages."""
    import production

    cancelled = {"id": -1}

    def stopper(request_id: int):
        def should_stop() -> bool:
            while cancel.poll(0):
                cancelled["id"] = cancel.recv()
            return cancelled["id"] == request_id

        return should_stop

    try:
        production.preview_scene(WARM_SCENE, {}, size=size, media_dir=media_dir)  # imports and caches
    except Exception:  # noqa: BLE001 - a broken warm-up scene must not stop the studio
        pass
    conn.send(("ready", None, None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        _, request_id, scene, values = message
        try:
            preview = production.preview_scene(scene, values, size=size, media_dir=media_dir,
                                               should_stop=stopper(request_id))
        except production.PreviewCancelled:
            conn.send(("cancelled", request_id, None))
            continue
        except production.ParameterError as err:
            conn.send(("invalid", request_id, {"error": str(err), "param": err.param}))
            continue
        except Exception as err:  # noqa: BLE001 - one line back to the page, the worker lives on
            conn.send(("error", request_id, _one_line(err)))
            continue
        conn.send(("ok", request_id, {
            "scene": preview.scene, "duration": preview.duration, "seconds": preview.seconds,
            "size": list(preview.size),
            "frames": [{"caption": f.caption, "start": f.start, "end": f.end, "png": f.png} for f in preview.frames],
        }))


def render_main(conn: Any, cancel: Any = None) -> None:
    """The render worker: answer ``("render", id, request options)`` with events, then a result."""
    import importlib
    from pathlib import Path

    import production

    importlib.import_module("manim")  # paid once, not by the first render
    conn.send(("ready", None, None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        _, job_id, options = message

        def on_event(kind: str, job: Any, payload: Any, job_id: int = job_id) -> None:
            data: dict[str, Any] = {"clip": job.label or job.scene}
            if kind == "progress":
                data["seconds"] = round(float(payload), 2)
            elif kind == "failed":
                data["error"] = str(payload)
            conn.send(("event", job_id, (kind, data)))

        try:
            outcome = production.render(production.RenderRequest(**options, workers=1), on_event=on_event)
        except Exception as err:  # noqa: BLE001 - the user's mistake or a bug: one line either way
            conn.send(("error", job_id, _one_line(err)))
            continue
        conn.send(("result", job_id, {
            "done": [{"label": c.label, "path": str(Path(c.path)), "duration": c.duration, "seconds": c.seconds,
                      "manifest": c.manifest} for c in outcome.done],
            "failed": [list(f) for f in outcome.failed],
        }))


# --- in the server -----------------------------------------------------------------------


class _Child:
    """A worker process and our ends of its sockets; replaced when it dies."""

    def __init__(self, role: str, args: tuple[str, ...], name: str):
        self.role, self.args, self.name = role, args, name
        self.process: subprocess.Popen | None = None
        self.conn: Any = None
        self.cancel: Any = None
        self.restarts = 0

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.alive() else None

    def start(self, ready_timeout: float = 300.0) -> None:
        ours, theirs = multiprocessing.Pipe()
        stop_ours, stop_theirs = multiprocessing.Pipe()
        root = str(Path(__file__).resolve().parents[2])  # the folder holding production/ and scenes/
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
        command = [sys.executable, "-m", "production.studio.worker", self.role, str(theirs.fileno()),
                   str(stop_theirs.fileno()), *self.args]
        try:
            self.process = subprocess.Popen(command, pass_fds=(theirs.fileno(), stop_theirs.fileno()), env=env,
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        finally:
            theirs.close()
            stop_theirs.close()
        self.conn, self.cancel = ours, stop_ours
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            try:
                if ours.poll(0.2):
                    kind, _, _ = ours.recv()
                    if kind == "ready":
                        return
                    continue
            except (EOFError, OSError):
                break
            if not self.alive():
                break
        self.kill()
        raise WorkerGone(f"the {self.name} could not start")

    def kill(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        for conn in (self.conn, self.cancel):
            if conn is not None:
                conn.close()
        self.process, self.conn, self.cancel = None, None, None

    def stop(self) -> None:
        if self.alive():
            try:
                self.conn.send(("stop",))
                self.process.wait(3)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def receive(self, timeout: float) -> tuple:
        """The next message; WorkerGone when the process died or did not answer in time."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                self.restarts += 1
                raise WorkerGone(f"the {self.name} took longer than {timeout:.0f} s and was stopped; "
                                 "a new one has started")
            try:
                if self.conn.poll(min(left, 0.25)):
                    return self.conn.recv()
            except (EOFError, OSError):
                pass
            else:
                if self.alive():
                    continue
            code = self.process.poll() if self.process is not None else None
            self.kill()
            self.restarts += 1
            how = f"signal {-code}" if isinstance(code, int) and code < 0 else f"exit code {code}"
            raise WorkerGone(f"the {self.name} stopped unexpectedly ({how}); a new one has started")


class WorkerGone(Exception):
    """The worker died or hung; the message is the one line the user sees."""


@dataclass
class PreviewTicket:
    id: int
    client: str
    scene: str
    values: dict[str, Any]
    done: threading.Event = field(default_factory=threading.Event)
    status: str = "pending"  # ok, superseded, invalid (a parameter), broken (the scene failed), error (the worker)
    result: Any = None


class PreviewService:
    """Previews from the warm preview worker, newest first per page, cached by their values."""

    def __init__(self, media_dir: Path, size: tuple[int, int] = (480, 270), timeout: float = 120.0,
                 cache_size: int = 48):
        self.media_dir = Path(media_dir)
        self.size = size
        self.timeout = timeout
        self.cache_size = cache_size
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._cond = threading.Condition()
        self._pending: OrderedDict[str, PreviewTicket] = OrderedDict()  # one per client, oldest first
        self._running: PreviewTicket | None = None
        self._next = 0
        self._closed = False
        self._thread: threading.Thread | None = None
        self._child = _Child("preview", (str(self.media_dir), str(size[0]), str(size[1])), "preview worker")
        self._warm = False

    # the public face
    def start(self, warm: bool = False) -> None:
        """Start the dispatcher; ``warm`` also starts the worker now, not at the first preview."""
        with self._cond:
            self._warm = self._warm or warm
            if self._thread is None:
                self.media_dir.mkdir(parents=True, exist_ok=True)
                self._thread = threading.Thread(target=self._loop, name="studio-preview", daemon=True)
                self._thread.start()

    @property
    def pid(self) -> int | None:
        return self._child.pid

    @property
    def restarts(self) -> int:
        return self._child.restarts

    def preview(self, client: str, scene: str, values: dict[str, Any], key: str, use_cache: bool = True
                ) -> tuple[str, Any]:
        """Block until the preview is ready, superseded or failed: ``(status, result)``."""
        with self._cond:
            if use_cache and key in self._cache:
                self._cache.move_to_end(key)
                return "ok", {**self._cache[key], "cached": True}
        self.start()
        with self._cond:
            self._next += 1
            ticket = PreviewTicket(self._next, client, scene, values)
            old = self._pending.pop(client, None)
            if old is not None:
                self._finish(old, "superseded", None)
            running = self._running
            if running is not None and running.client == client and self._child.cancel is not None:
                try:
                    self._child.cancel.send(running.id)  # the worker stops it at its next caption step
                except (OSError, ValueError):
                    pass
            self._pending[client] = ticket
            self._cond.notify_all()
        ticket.done.wait(self.timeout + 330)
        if ticket.status == "ok" and self.cache_size:
            with self._cond:
                self._cache[key] = ticket.result
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return ticket.status, ticket.result

    def close(self) -> None:
        with self._cond:
            self._closed = True
            for ticket in self._pending.values():
                self._finish(ticket, "error", "the studio is shutting down")
            self._pending.clear()
            self._cond.notify_all()
        self._child.stop()

    # the dispatcher thread
    @staticmethod
    def _finish(ticket: PreviewTicket, status: str, result: Any) -> None:
        ticket.status, ticket.result = status, result
        ticket.done.set()

    def _loop(self) -> None:
        child = self._child
        if self._warm:
            try:
                child.start()
            except WorkerGone:
                pass  # tried again at the first preview, which then reports it
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                _, ticket = self._pending.popitem(last=False)
                self._running = ticket
            try:
                if not child.alive():
                    child.start()
                child.conn.send(("preview", ticket.id, ticket.scene, ticket.values))
                while True:
                    kind, request_id, payload = child.receive(self.timeout)
                    if request_id == ticket.id:
                        break
                if kind == "ok":
                    payload["frames"] = [
                        {"caption": f["caption"], "start": f["start"], "end": f["end"],
                         "image": "data:image/png;base64," + base64.b64encode(f["png"]).decode()}
                        for f in payload["frames"]
                    ]
                    self._finish(ticket, "ok", payload)
                elif kind == "cancelled":
                    self._finish(ticket, "superseded", None)
                elif kind == "invalid":
                    self._finish(ticket, "invalid", payload)
                else:  # the scene itself failed: the worker lives on
                    self._finish(ticket, "broken", payload)
            except WorkerGone as err:
                self._finish(ticket, "error", str(err))
            except (OSError, ValueError) as err:
                child.kill()
                self._finish(ticket, "error", f"the preview worker could not be reached ({err}); "
                                              "a new one has started")
            finally:
                with self._cond:
                    self._running = None


@dataclass
class Job:
    id: str
    scene: str
    values: dict[str, Any]
    options: dict[str, Any]  # RenderRequest keywords
    info: dict[str, Any]  # what the page shows: command, lesson entry
    state: str = "queued"  # queued, running, done, failed
    events: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] | None = None
    created: float = field(default_factory=time.time)

    def emit(self, kind: str, data: dict[str, Any]) -> None:
        self.events.append({"event": kind, "data": data})

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class RenderService:
    """Renders one at a time in the render worker; each job's events are kept for its event stream."""

    def __init__(self, finish: Any, timeout: float = 3600.0, keep: int = 200, max_queued: int = 20):
        self.finish = finish  # (job, result) -> the "done" event's data (urls, snippets)
        self.timeout = timeout
        self.keep = keep
        self.max_queued = max_queued
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: list[Job] = []
        self._cond = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._child = _Child("render", (), "render worker")
        self._count = 0
        self._warm = False

    @property
    def pid(self) -> int | None:
        return self._child.pid

    @property
    def restarts(self) -> int:
        return self._child.restarts

    def start(self, warm: bool = False) -> None:
        """Start the dispatcher; ``warm`` also starts the render worker now."""
        with self._cond:
            self._warm = self._warm or warm
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="studio-render", daemon=True)
                self._thread.start()

    def queued(self) -> int:
        with self._cond:
            return len(self._queue)

    def submit(self, scene: str, values: dict[str, Any], options: dict[str, Any], info: dict[str, Any]) -> Job:
        import secrets

        with self._cond:
            if len(self._queue) >= self.max_queued:
                raise OverflowError(f"{len(self._queue)} renders are already waiting; try again when they finish")
            self._count += 1
            job = Job(f"{self._count}-{secrets.token_hex(4)}", scene, values, options, info)
            job.emit("queued", {"position": len(self._queue) + 1})
            self.jobs[job.id] = job
            self._queue.append(job)
            finished = [j for j in self.jobs.values() if j.finished]
            for old in finished[: max(0, len(self.jobs) - self.keep)]:
                del self.jobs[old.id]
            self._cond.notify_all()
        self.start()
        return job

    def close(self) -> None:
        with self._cond:
            self._closed = True
            for job in self._queue:
                self._fail(job, "the studio is shutting down")
            self._queue.clear()
            self._cond.notify_all()
        self._child.stop()

    def _fail(self, job: Job, message: str) -> None:
        job.state = "failed"
        job.emit("failed", {"error": message})

    def _loop(self) -> None:
        child = self._child
        if self._warm:
            try:
                child.start()
            except WorkerGone:
                pass  # tried again at the first render, which then reports it
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                job = self._queue.pop(0)
                job.state = "running"
            job.emit("started", {"clip": job.scene})
            try:
                if not child.alive():
                    child.start()
                child.conn.send(("render", job.id, job.options))
                while True:
                    kind, job_id, payload = child.receive(self.timeout)
                    if job_id != job.id:
                        continue
                    if kind == "event":
                        event, data = payload
                        if event == "progress":
                            job.emit("progress", data)
                        elif event == "cached":
                            job.emit("cached", data)
                        continue
                    break
                if kind == "result" and payload["done"] and not payload["failed"]:
                    job.result = payload
                    data = self.finish(job, payload)
                    job.state = "done"
                    job.emit("done", data)
                elif kind == "result":
                    failed = payload["failed"]
                    self._fail(job, failed[0][1] if failed else "nothing was rendered")
                else:
                    self._fail(job, str(payload))
            except WorkerGone as err:
                self._fail(job, str(err))
            except Exception as err:  # noqa: BLE001 - the page gets one line, the studio lives on
                self._fail(job, _one_line(err))


def main(argv: list[str]) -> None:
    """``python -m production.studio.worker preview|render FD CANCEL_FD [MEDIA_DIR W H]`` (the studio starts these)."""
    from multiprocessing.connection import Connection

    role, fd, cancel_fd, *rest = argv
    conn, cancel = Connection(int(fd)), Connection(int(cancel_fd))
    if role == "preview":
        media_dir, width, height = rest
        preview_main(conn, cancel, media_dir, (int(width), int(height)))
    else:
        render_main(conn, cancel)


if __name__ == "__main__":
    main(sys.argv[1:])
