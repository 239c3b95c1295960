"""Render clips on a Dask cluster (dask.distributed); files come back here.

Each worker renders into a private temporary folder and returns the finished
files as bytes; this process puts them into the output folder the same way a
local render does (atomic renames, manifest last). The scheduler, retries and
worker management are Dask's: nothing home-made.

Many clips go out one per task. A single mp4 clip is cut into chunks of frames
(production.chunks): the dry pass and the join run here, the chunks on the
workers, one per worker as long as each chunk is worth it (``--chunks N``
forces N).

    python render.py render --config lessons/calculus.toml --executor dask://10.0.0.5:8786
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from intuition.errors import IntuitionError
from production.batch import BatchResult, Event, run_here, take_cached
from production.chunks import CHUNKED_FORMATS
from production.jobs import RenderJob
from production.output import publish, scratch_dir


def scheduler_address(executor: str) -> str:
    if not executor.startswith("dask://") or len(executor) <= len("dask://"):
        raise IntuitionError(f"--executor: '{executor}' is not allowed; use local or dask://HOST:PORT")
    return "tcp://" + executor[len("dask://") :]


def render_remote(job: RenderJob) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Runs on a worker: render into a temporary folder, return manifest and file contents."""
    from production.rendering import render_job

    with tempfile.TemporaryDirectory(prefix="intuition-worker-") as tmp:
        local = dataclasses.replace(job, out_dir=Path(tmp))
        manifest = render_job(local)
        files = {name: (local.folder / name).read_bytes() for name in manifest["files"]}
    return manifest, files


def render_chunk_remote(fn, job: RenderJob, start: int, stop: int, play_frames, folder: str):
    """Runs on a worker: one chunk (``fn`` is production.chunks.render_chunk) rendered into a
    temporary folder; returns the mp4's bytes, the last frame (or None) and the worker's address."""
    from distributed import get_worker

    with tempfile.TemporaryDirectory(prefix="intuition-chunk-") as tmp:
        local = dataclasses.replace(job, out_dir=Path(tmp))
        video, final, _ = fn(local, start, stop, play_frames, str(Path(tmp) / "media"))
        return Path(video).read_bytes(), final, get_worker().address


def chunk_mapper(client):
    """A production.chunks mapper running each chunk on the cluster; the mp4s come back into the
    chunk's folder here."""
    def run(fn, calls: list[tuple]) -> list[tuple[str, Any, str]]:
        futures = [client.submit(render_chunk_remote, fn, *call, pure=False) for call in calls]
        results = []
        for call, (data, final, worker) in zip(calls, client.gather(futures)):
            folder = Path(call[-1])
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "chunk.mp4").write_bytes(data)
            results.append((str(folder / "chunk.mp4"), final, worker))
        return results

    return run


def _receive(job: RenderJob, manifest: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    info = {
        k: manifest[k] for k in ("duration", "captions", "width", "height", "fps", "render_seconds") if k in manifest
    }
    with scratch_dir(job.out_dir) as tmp:
        produced = {}
        for name, data in files.items():
            path = Path(tmp) / name
            path.write_bytes(data)
            produced[name[len(job.stem) :]] = path
        return {**publish(job, produced, {**info, "worker": manifest.get("worker", "dask")}), "cached": False}


def run_on_cluster(jobs: list[RenderJob], executor: str, on_event: Event | None = None) -> BatchResult:
    address = scheduler_address(executor)
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise IntuitionError("--executor dask:// needs dask.distributed: pip install 'intuition[cluster]'") from None
    emit = on_event or (lambda *_: None)
    result = BatchResult()
    todo = take_cached(jobs, result, emit)
    if not todo:
        return result
    try:
        client = Client(address, timeout="10s")
    except OSError as err:
        raise IntuitionError(f"--executor: cannot reach the Dask scheduler at {address}: {err}") from None
    try:
        if len(todo) == 1 and todo[0].fmt in CHUNKED_FORMATS:
            # the dry pass and the join here, the chunks on the workers
            run_here(todo, result, emit, workers=max(1, sum(client.nthreads().values())), mapper=chunk_mapper(client))
            return result
        futures = {}
        for job in todo:
            # pure=False: the same job twice is two renders only if asked twice
            futures[client.submit(render_remote, job, pure=False)] = job
            emit("started", job, None)
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                manifest, files = fut.result()
                manifest = _receive(job, manifest, files)
            except Exception as err:  # one broken clip must not stop the lesson
                result.fail(job, err, emit)
            else:
                result.done.append((job, manifest))
                emit("done", job, manifest)
    finally:
        client.close()
    return result
