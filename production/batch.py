"""Render many jobs: cache hits first (no manim import), the rest in one
process or in N worker processes. A failing clip does not stop the others.

Events go to ``on_event(kind, job, payload)`` so the CLI can draw progress:
``("cached", job, manifest)``, ``("started", job, None)``,
``("progress", job, seconds)``, ``("done", job, manifest)``,
``("failed", job, message)``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from intuition.errors import IntuitionError
from production.jobs import RenderJob
from production.output import read_manifest

Event = Callable[[str, RenderJob, Any], None]


@dataclass
class BatchResult:
    done: list[tuple[RenderJob, dict[str, Any]]] = field(default_factory=list)
    failed: list[tuple[RenderJob, str]] = field(default_factory=list)
    bad_input: bool = False  # a failure was the user's to fix (a --frame past the end ...)

    @property
    def ok(self) -> bool:
        return not self.failed

    def fail(self, job: RenderJob, err: BaseException, emit: Event) -> None:
        msg = failure_line(err)
        self.failed.append((job, msg))
        self.bad_input = self.bad_input or isinstance(err, IntuitionError)
        emit("failed", job, msg)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def failure_line(err: BaseException) -> str:
    """One line for a failed clip: the user's error as is, a bug with its type."""
    if isinstance(err, IntuitionError):
        return str(err)
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _render_one(job: RenderJob) -> dict[str, Any]:
    from production.rendering import render_job

    return render_job(job)


def take_cached(jobs: Sequence[RenderJob], result: BatchResult, emit: Event) -> list[RenderJob]:
    """Record the jobs already rendered; return the rest."""
    todo = []
    for job in jobs:
        manifest = read_manifest(job)
        if manifest is not None:
            manifest = {**manifest, "cached": True}
            result.done.append((job, manifest))
            emit("cached", job, manifest)
        else:
            todo.append(job)
    return todo


def run_batch(jobs: Sequence[RenderJob], workers: int = 1, on_event: Event | None = None) -> BatchResult:
    emit = on_event or (lambda *_: None)
    result = BatchResult()
    todo = take_cached(jobs, result, emit)
    if not todo:
        return result
    if workers <= 1 or len(todo) == 1:
        # one clip and several workers: the clip itself is cut into chunks (production.chunks)
        run_here(todo, result, emit, workers if len(todo) == 1 else 1)
    else:
        _run_pool(todo, min(workers, len(todo)), result, emit)
    return result


def run_here(todo: Sequence[RenderJob], result: BatchResult, emit: Event, workers: int = 1,
             mapper: Any = None) -> None:
    """Render jobs one after another in this process (a clip's chunks on ``workers``, or through
    ``mapper``: production.chunks)."""
    from production.rendering import render_job

    for job in todo:
        emit("started", job, None)
        try:
            manifest = render_job(job, progress=lambda t, job=job: emit("progress", job, t), workers=workers,
                                  mapper=mapper)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as err:  # one broken clip must not stop the lesson
            result.fail(job, err, emit)
            continue
        result.done.append((job, manifest))
        emit("done", job, manifest)


def _run_pool(todo: Sequence[RenderJob], workers: int, result: BatchResult, emit: Event) -> None:
    pool = ProcessPoolExecutor(max_workers=workers)
    futures: dict[Future, RenderJob] = {}
    try:
        for job in todo:
            futures[pool.submit(_render_one, job)] = job
            emit("started", job, None)
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                job = futures[fut]
                try:
                    manifest = fut.result()
                except Exception as err:
                    result.fail(job, err, emit)
                else:
                    result.done.append((job, manifest))
                    emit("done", job, manifest)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # workers clean their scratch folders
        raise
    pool.shutdown(wait=True)
